/**
 * Deletion, honestly (DESIGN §4, docs/THREAT-MODEL.md): a deleted or edited post's old text is
 * overwritten in its heap page and vacuumed away with its window, so no row version and no page
 * of the tables holds it — what still does is the WAL, until its segment is recycled, and any
 * backup taken before. The old deletion (a plain UPDATE) is planted back to show the check bites.
 */
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { buildTestApp, type TestApp } from '../support/app.js'
import { TEST_DB_KIND } from '../support/db.js'
import { buildVerifiedUser } from '../support/factories.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'
import { openStorageAdversary, type StorageAdversary, type StorageView, storageUnavailable } from './storage.js'

/** A distinctive text, long enough (a few hundred bytes) that a shorter new row version cannot cover it by luck. */
const marker = (what: string) => `${what} ${crypto.randomBytes(10).toString('hex')} ${'and more detail that someone regretted writing. '.repeat(8)}`
/**
 * Where in the tables' storage any piece of a text still is — any 24 bytes of it, so a remnant
 * half overwritten counts too: row versions (live or dead) and raw pages, free space included.
 */
function inTables(view: StorageView, text: string): string[] {
  const whole = Buffer.from(text)
  const pieces: Buffer[] = []
  for (let i = 0; i + 24 <= whole.length; i += 12) pieces.push(whole.subarray(i, i + 24))
  const has = (b: Buffer) => pieces.some((p) => b.includes(p))
  return [
    ...view.heap.filter((h) => has(h.data)).map((h) => `${h.live ? 'live' : 'dead'} row version of ${h.table}`),
    ...view.pages.filter((p) => has(p.bytes)).map((p) => `raw page ${p.blkno} of ${p.table}`),
  ]
}

describe(`deleting and editing a post (${TEST_DB_KIND})`, () => {
  let t: TestApp
  let storage: StorageAdversary | null = null
  let missing: string | null = null
  let client: IndependentClient
  let tokens: ClientToken[] = []
  const token = () => tokens.pop()!

  before(async () => {
    t = await buildTestApp({ inspect: true, env: { MIN_ANONYMITY_SET: '1', TALK_MIX_WINDOW_S: '30' } })
    t.ctx.anon.mixer.stop()
    missing = await storageUnavailable(t.ctx.database)
    if (!missing) storage = await openStorageAdversary(t.ctx.database)
    const m = await buildVerifiedUser(t.app, t.ctx, 'scrubco')
    client = new IndependentClient(injectSender(t.app))
    const key = (await client.directory()).find((k) => k.company === null && k.purpose === 'talk')!
    tokens = await client.fetchTokens(m.cookie, key.keyId, 20)
    // Other threads around, so the pages hold more than the posts under test.
    for (let i = 0; i < 6; i++) await client.openThread(token(), `Neighbour ${i}`, `Some other text ${i}`.repeat(3), 'alias')
    await t.ctx.anon.mixer.flush()
  })
  after(async () => {
    await storage?.close()
    await t.close()
  })

  it('leaves no row version and no page of the tables with the text of a deleted post or its title', async (tc) => {
    if (!storage) return tc.skip(missing!)
    const [title, body] = [marker('Names the team lead').slice(0, 200), marker('Our lead Dana Smith said the reorg is on')]
    await storage.mark()
    const { threadId, postId } = (await client.openThread(token(), title, body, 'alias')).json
    await client.reply(threadId, token(), 'A reply, so the thread stays', 'alias')
    await t.ctx.anon.mixer.flush()
    assert.ok(inTables(await storage.view(), body).length > 0, 'the check sees the text while it is there')
    assert.equal((await client.remove(threadId, postId, 0)).status, 202)
    await t.ctx.anon.mixer.flush()
    const view = await storage.view()
    assert.deepEqual(inTables(view, body), [])
    assert.deepEqual(inTables(view, title), [])
    // What the threat model says the WAL keeps: the post's own insert, until its segment is recycled.
    assert.ok(view.walStream.includes(Buffer.from(body.slice(0, 40))), 'the WAL still has the text (docs/THREAT-MODEL.md says so)')
  })

  it('leaves nothing of the text an edit replaced, even when the new text is shorter', async (tc) => {
    if (!storage) return tc.skip(missing!)
    const old = marker('I work on the payments team in Building 4, second floor, next to')
    const { threadId, postId } = (await client.openThread(token(), 'An edited thread', old, 'alias')).json
    await t.ctx.anon.mixer.flush()
    assert.equal((await client.edit(threadId, postId, 0, 'An edited thread', 'Less detail.')).status, 202)
    await t.ctx.anon.mixer.flush()
    assert.deepEqual(inTables(await storage.view(), old), [])
  })

  it('fires on the old deletion (a plain UPDATE): the text stays behind in the heap', async (tc) => {
    if (!storage) return tc.skip(missing!)
    const body = marker('Planted: deleted the old way')
    const { postId } = (await client.openThread(token(), 'Deleted the old way', body, 'alias')).json
    await t.ctx.anon.mixer.flush()
    await t.ctx.db.updateTable('talkPost').set({ body: '', deleted: true }).where('id', '=', postId).execute()
    const found = inTables(await storage.view(), body)
    assert.ok(found.length > 0, 'the old row version still holds the text')
    await sql`vacuum talk_post`.execute(t.ctx.db)
    const afterVacuum = inTables(await storage.view(), body)
    assert.ok(afterVacuum.some((w) => w.startsWith('raw page')), `VACUUM alone leaves the bytes in the page's free space: ${afterVacuum.join(', ')}`)
  })
})
