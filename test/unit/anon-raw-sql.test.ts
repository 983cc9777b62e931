import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { checkSource, checkTree } from '../support/anon-sql.js'

const anonDir = path.resolve(import.meta.dirname, '../../server/src/anon')

describe('raw SQL in the anonymous module', () => {
  it('names post-side tables only, and never builds SQL from strings', () => {
    const read = { count: 0 }
    assert.deepEqual(checkTree(anonDir, read), [])
    // The module has raw SQL today (VACUUM in scrub.ts, the pad in apply.ts): a checker that found
    // none would pass everything.
    assert.ok(read.count >= 2, `found ${read.count} raw SQL texts`)
  })

  it('reads every table of a list', () => {
    const vacuum = checkSource('x.ts', 'await sql`vacuum (skip_locked) talk_post, talk_thread, account`.execute(db)')
    assert.deepEqual(vacuum.map((f) => f.problem), ['raw SQL names "account", which is not a post-side table'])
  })

  const planted: [string, string, RegExp][] = [
    ['a select from the account side', "const r = await sql<{ id: string }>`select id from account where email = ${e}`.execute(ctx.db)", /"account"/],
    ['a join to sessions', 'await sql`select 1 from talk_post p join session s on true`.execute(db)', /"session"/],
    ['an update of issuance counters', 'await sql`update talk_issuance set issued = 0`.execute(db)', /"talk_issuance"/],
    ['an insert into employment', 'await sql`insert into employment (id) values (${id})`.execute(db)', /"employment"/],
    ['a pg client query string', "await client.query('select * from account_email')", /"account_email"/],
    ['a schema-qualified name', 'await sql`select * from public.account`.execute(db)', /"account"/],
    ['sql.raw', "await sql.raw('select * from ' + name).execute(db)", /sql\.raw/],
    ['sql.table', "await sql`select * from ${sql.table(name)}`.execute(db)", /sql\.table/],
  ]
  for (const [what, source, problem] of planted) {
    it(`fires on ${what}`, () => {
      const findings = checkSource('planted.ts', source)
      assert.ok(findings.some((f) => problem.test(f.problem)), JSON.stringify(findings))
    })
  }
})
