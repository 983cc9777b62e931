import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createPglite, type Database, openPglite, openPostgres } from '../../server/src/db/database.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import { adminQuery, TEST_DATABASE_URL, TEST_DB_KIND } from '../support/db.js'
import { findViolations, type Knowledge, logViolations, staffViolations, storageViolations, takeSnapshot } from './adversary.js'
import { LOST_CONNECTION, MIN, rand, runScenario, SENTINEL_UA } from './scenario.js'
import { openStorageAdversary, type StorageAdversary, storageUnavailable } from './storage.js'

/**
 * DESIGN §4, as a test. A scripted client seeds accounts at three companies (one below
 * MIN_ANONYMITY_SET) through the public API, verifies them, draws tokens in batches (posting
 * and `react` tokens), then posts in shuffled order — in the open channel, topic channels and
 * company boards, some threads with images or a poll — votes (and changes votes), and answers
 * the poll, and alone remembers who did what; at the end an admin merges two of the companies
 * (Work Talk's rows follow). The adversary then gets every table, the backup bytes and every log
 * line, and must find no link.
 */
/** A restored backup: pg_dump → psql into a new database, or PGlite's data directory loaded anew. */
async function restoreBackup(database: Database, raw: Buffer): Promise<Database> {
  if (database.pglite) return openPglite(await createPglite({ loadDataDir: new Blob([new Uint8Array(raw)]) }))
  const name = `wc_restore_${rand()}`
  await adminQuery(TEST_DATABASE_URL!, `CREATE DATABASE ${name}`)
  const u = new URL(TEST_DATABASE_URL!)
  u.pathname = `/${name}`
  const psql = spawnSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', u.toString()], { input: raw, maxBuffer: 256 * 1024 * 1024 })
  if (psql.status !== 0) throw new Error(`restore failed: ${psql.stderr}`)
  const restored = openPostgres(u.toString(), 2)
  return { ...restored, close: async () => (await restored.close(), await adminQuery(TEST_DATABASE_URL!, `DROP DATABASE ${name} WITH (FORCE)`)) }
}

describe(`the subpoena test (${TEST_DB_KIND})`, () => {
  let t: TestApp
  let knowledge: Knowledge
  let storage: StorageAdversary | null = null
  let storageMissing: string | null = null
  before(async () => {
    t = await buildTestApp({ inspect: true, env: { MIN_ANONYMITY_SET: String(MIN), TALK_MIX_WINDOW_S: '30' } })
    t.ctx.anon.mixer.stop() // windows end by hand here (the timing tests run them on a clock)
    storageMissing = await storageUnavailable(t.ctx.database)
    if (!storageMissing) storage = await openStorageAdversary(t.ctx.database)
    ;({ knowledge } = await runScenario(t))
  })
  after(async () => {
    await storage?.close()
    await t.close()
  })

  it('seeded a real scenario: company keys for the big companies, the shared key for the small one', async () => {
    const keys = await t.ctx.db.selectFrom('talkIssuerKey').select(['companySlug', 'purpose']).where('purpose', '=', 'talk').execute()
    assert.deepEqual(keys.map((k) => k.companySlug).sort(), ['alpha-corp', 'beta-labs', null].sort())
    assert.equal(knowledge.authorOf.size, 46, '15 threads, 30 replies and one reply held for a phone number')
    const posts = await t.ctx.db.selectFrom('talkPost').select(['companySlug']).execute()
    assert.ok(!posts.some((p) => p.companySlug === 'tiny-shop'), 'no post names the company below the threshold')
  })

  it('finds no link in the tables or the backup bytes', async () => {
    const snap = await takeSnapshot(t.ctx.database)
    assert.deepEqual(findViolations(snap, knowledge), [])
    assert.deepEqual(staffViolations(snap, knowledge), [], 'the staff side names no author')
    assert.ok((snap.tables.moderation_log ?? []).length >= 4 && (snap.tables.moderation_action ?? []).length >= 4 && (snap.tables.talk_report ?? []).length > 0, 'the staff side was seeded')
  })

  it('finds no secret in the log, and no log line at all for anonymous writes', () => {
    assert.deepEqual(logViolations(t.logText(), knowledge.secrets), [])
    assert.ok(!t.logs.some((l) => typeof l.route === 'string' && l.route.startsWith('/api/v1/talk/threads') && l.method === 'POST'))
    assert.ok(t.logs.some((l) => l.route === '/api/v1/talk/tokens'), 'the log is not simply empty')
    if (TEST_DB_KIND === 'postgres') {
      // The lost-connection warning was written in the middle of the scenario, and says nothing of a request.
      const lost = t.logs.filter((l) => l.msg === LOST_CONNECTION)
      assert.ok(lost.length >= 1, 'the scenario lost a connection')
      for (const l of lost) assert.deepEqual(Object.keys(l).sort(), ['err', 'hostname', 'level', 'msg', 'pid', 'time'])
    }
  })

  it('finds no secret in the WAL, in any row version, page or data file', async (t2) => {
    if (!storage) return t2.skip(storageMissing ?? 'no storage views')
    const view = await storage.view()
    assert.ok(view.wal.length > 20, `the WAL was read: ${view.wal.length} transactions`)
    assert.ok(view.heap.some((h) => h.table === 'talk_post' && !h.live) || view.heap.some((h) => h.table === 'talk_thread' && !h.live), 'dead row versions were read too')
    assert.deepEqual(storageViolations(view, knowledge.secrets), [])
  })

  it('finds no link in a restored backup either', async () => {
    const snap = await takeSnapshot(t.ctx.database)
    const restored = await restoreBackup(t.ctx.database, snap.raw)
    try {
      const again = await takeSnapshot(restored)
      assert.equal(again.tables.talk_post?.length, snap.tables.talk_post?.length, 'the backup holds the posts')
      assert.deepEqual(findViolations(again, knowledge), [])
    } finally {
      await restored.close()
    }
  })

  describe('the detectors fire on a planted link', () => {
    it('an account id on a post (column, foreign key and value)', async () => {
      const [post] = await t.ctx.db.selectFrom('talkPost').select('id').limit(1).execute()
      const [account] = await t.ctx.db.selectFrom('account').select('id').limit(1).execute()
      await sql`alter table talk_post add column account_id uuid references account(id)`.execute(t.ctx.db)
      await sql`update talk_post set account_id = ${account!.id} where id = ${post!.id}`.execute(t.ctx.db)
      try {
        const found = findViolations(await takeSnapshot(t.ctx.database), knowledge)
        assert.ok(found.some((v) => v.startsWith('join path')), found.join('\n'))
        assert.ok(found.some((v) => v.includes('talk_post.account_id looks like an identifier')))
        assert.ok(found.some((v) => v.startsWith('shared value: talk_post.account_id')))
      } finally {
        await sql`alter table talk_post drop column account_id`.execute(t.ctx.db)
      }
    })

    it("a moderator's action that names a post's author (the staff side turned into a link)", async () => {
      const [postId, authorId] = [...knowledge.authorOf].find(() => true)!
      const id = crypto.randomUUID()
      await t.ctx.db.insertInto('moderationAction').values({ id, moderatorId: null, targetType: 'talk_post', targetId: postId, action: 'remove', reason: 'harassment', note: `author was ${authorId}`, createdAt: new Date() }).execute()
      try {
        const found = staffViolations(await takeSnapshot(t.ctx.database), knowledge)
        assert.ok(found.some((v) => v.includes(`names post ${postId} and its author ${authorId}`)), found.join('\n'))
        assert.ok(found.some((v) => v.includes('names a post and the member account')))
      } finally {
        await t.ctx.db.deleteFrom('moderationAction').where('id', '=', id).execute()
      }
    })

    it('an account id on a vote (column, foreign key and value)', async () => {
      const [vote] = await t.ctx.db.selectFrom('talkVote').select(['postId', 'authorKey']).limit(1).execute()
      const [account] = await t.ctx.db.selectFrom('account').select('id').limit(1).execute()
      await sql`alter table talk_vote add column account_id uuid references account(id)`.execute(t.ctx.db)
      await sql`update talk_vote set account_id = ${account!.id} where post_id = ${vote!.postId} and author_key = ${vote!.authorKey}`.execute(t.ctx.db)
      try {
        const found = findViolations(await takeSnapshot(t.ctx.database), knowledge)
        assert.ok(found.some((v) => v.startsWith('join path')), found.join('\n'))
        assert.ok(found.some((v) => v.includes('talk_vote.account_id looks like an identifier')), found.join('\n'))
        assert.ok(found.some((v) => v.startsWith('shared value: talk_vote.account_id')), found.join('\n'))
      } finally {
        await sql`alter table talk_vote drop column account_id`.execute(t.ctx.db)
      }
    })

    it('a session id written into a post body', async () => {
      const [session] = await t.ctx.db.selectFrom('session').select('id').limit(1).execute()
      const [post] = await t.ctx.db.selectFrom('talkPost').select(['id', 'body']).limit(1).execute()
      await t.ctx.db.updateTable('talkPost').set({ body: `${post!.body} ${session!.id}` }).where('id', '=', post!.id).execute()
      try {
        const found = findViolations(await takeSnapshot(t.ctx.database), knowledge)
        assert.ok(found.some((v) => v.startsWith('shared value: talk_post.body')), found.join('\n'))
      } finally {
        await t.ctx.db.updateTable('talkPost').set({ body: post!.body }).where('id', '=', post!.id).execute()
      }
    })

    it('a time kept to the second, and a secret left in a table', async () => {
      const [post] = await t.ctx.db.selectFrom('talkPost').select(['id', 'createdAt']).limit(1).execute()
      await t.ctx.db.updateTable('talkPost').set({ createdAt: new Date(post!.createdAt.getTime() + 17_000) }).where('id', '=', post!.id).execute()
      await t.ctx.db.updateTable('profile').set({ about: SENTINEL_UA }).where('accountId', 'in', t.ctx.db.selectFrom('account').select('id').limit(1)).execute()
      const found = findViolations(await takeSnapshot(t.ctx.database), knowledge)
      assert.ok(found.some((v) => v.startsWith('talk_post.created_at keeps seconds')), found.join('\n'))
      assert.ok(found.some((v) => v.startsWith('secret found in the tables')))
      await t.ctx.db.updateTable('talkPost').set({ createdAt: post!.createdAt }).where('id', '=', post!.id).execute()
      await t.ctx.db.updateTable('profile').set({ about: '' }).execute()
    })

    it('a secret written and then deleted: gone from the tables, still in the WAL and the old row version', async (t2) => {
      if (!storage) return t2.skip(storageMissing ?? 'no storage views')
      const planted = `planted-secret-${crypto.randomBytes(8).toString('hex')}`
      await t.ctx.db.updateTable('profile').set({ about: planted }).where('accountId', 'in', t.ctx.db.selectFrom('account').select('id').limit(1)).execute()
      await t.ctx.db.updateTable('profile').set({ about: '' }).execute()
      assert.deepEqual(findViolations(await takeSnapshot(t.ctx.database), { secrets: [planted] }).filter((v) => v.includes('tables')), [], 'the live tables are clean')
      const found = storageViolations(await storage.view(), [planted])
      assert.ok(found.some((v) => v.includes('the WAL')), found.join('\n'))
    })
  })
})
