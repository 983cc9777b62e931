/**
 * A deleted or edited thread's words leave the search index's pages, not only its answers: a GIN
 * index never removes a key by itself (VACUUM only empties its posting list), so the scrub after
 * the window rebuilds talk_post_search_idx. The storage adversary of test/subpoena reads every raw
 * page, index pages included; the planted case (VACUUM without the rebuild) shows the check bites.
 */
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { buildTestApp, type TestApp } from '../support/app.js'
import { TEST_DB_KIND } from '../support/db.js'
import { buildVerifiedUser } from '../support/factories.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'
import { openStorageAdversary, type StorageAdversary, storageUnavailable } from '../subpoena/storage.js'

/** A word no other text has: one token of the tokenizer (lower-case letters and digits). */
const word = () => `zq${crypto.randomBytes(9).toString('hex')}`

describe(`the thread search index after a deletion or an edit (${TEST_DB_KIND})`, () => {
  let t: TestApp
  let storage: StorageAdversary | null = null
  let missing: string | null = null
  let client: IndependentClient
  let tokens: ClientToken[] = []

  before(async () => {
    t = await buildTestApp({ inspect: true, env: { MIN_ANONYMITY_SET: '1', TALK_MIX_WINDOW_S: '30' } })
    t.ctx.anon.mixer.stop()
    missing = await storageUnavailable(t.ctx.database)
    if (!missing) storage = await openStorageAdversary(t.ctx.database)
    const m = await buildVerifiedUser(t.app, t.ctx, 'indexco')
    client = new IndependentClient(injectSender(t.app))
    const key = (await client.directory()).find((k) => k.company === null && k.purpose === 'talk')!
    tokens = await client.fetchTokens(m.cookie, key.keyId, 10)
    for (let i = 0; i < 3; i++) await client.openThread(tokens.pop()!, `Neighbour ${i}`, `Other words ${i}`, 'alias')
    await t.ctx.anon.mixer.flush()
  })
  after(async () => {
    await storage?.close()
    await t.close()
  })

  const indexPagesWith = async (w: string) => (await storage!.view()).pages.filter((p) => p.kind === 'index' && p.bytes.includes(Buffer.from(w))).length

  it('leaves no index page with a word of a deleted thread, or of the text an edit replaced', async (tc) => {
    if (!storage) return tc.skip(missing!)
    const [gone, replaced, kept] = [word(), word(), word()]
    const a = (await client.openThread(tokens.pop()!, `Deleted ${gone}`, 'Body', 'alias')).json
    const b = (await client.openThread(tokens.pop()!, 'Edited thread', `Old ${replaced}`, 'alias')).json
    await t.ctx.anon.mixer.flush()
    assert.ok((await indexPagesWith(gone)) > 0 && (await indexPagesWith(replaced)) > 0, 'the check sees the words while they are indexed')
    assert.equal((await client.remove(a.threadId, a.postId, 0)).status, 202)
    assert.equal((await client.edit(b.threadId, b.postId, 0, 'Edited thread', `New ${kept}`)).status, 202)
    await t.ctx.anon.mixer.flush()
    assert.equal(await indexPagesWith(gone), 0)
    assert.equal(await indexPagesWith(replaced), 0)
    assert.ok((await indexPagesWith(kept)) > 0, 'the new text is indexed')
  })

  it('fires without the rebuild: VACUUM alone leaves the word among the index’s keys', async (tc) => {
    if (!storage) return tc.skip(missing!)
    const w = word()
    const { postId } = (await client.openThread(tokens.pop()!, `Planted ${w}`, 'Body', 'alias')).json
    await t.ctx.anon.mixer.flush()
    await t.ctx.db.updateTable('talkPost').set({ search: null }).where('id', '=', postId).execute()
    await sql`vacuum talk_post`.execute(t.ctx.db)
    assert.ok((await indexPagesWith(w)) > 0, 'the key stays in the GIN index')
  })
})
