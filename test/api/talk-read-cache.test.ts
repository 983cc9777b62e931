/**
 * The Work Talk read cache (server/src/services/talk/read-cache.ts): pages shared by their readers,
 * dropped on every write — by this process's own writes at once, by anyone's (another process, a
 * statement the query builder never saw) when the write commits — never a reason to show a board.
 */
import fs from 'node:fs'
import path from 'node:path'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { sql } from 'kysely'
import { ReadCache } from '../../server/src/db/read-cache.js'
import { TALK_READ_CACHE, TALK_READ_NOTIFY_CHANNEL, TALK_READ_TABLES } from '../../server/src/services/talk/read-cache.js'
import { writtenTables } from '../../server/src/db/write-watch.js'
import { buildTestApp, signUp, type TestApp, testClock } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { recordEmployment } from '../../server/src/services/verifications/employments.js'
import { IndependentClient, injectSender } from '../support/independent-client.js'

const clock = testClock(new Date())
let t: TestApp
let alice: Awaited<ReturnType<typeof buildVerifiedUser>>
let bob: Awaited<ReturnType<typeof buildVerifiedUser>>
let outsider: Awaited<ReturnType<typeof buildVerifiedUser>>

before(async () => {
  t = await buildTestApp({ clock, env: { MIN_ANONYMITY_SET: '2' } })
  alice = await buildVerifiedUser(t.app, t.ctx, 'cache-co')
  bob = await buildVerifiedUser(t.app, t.ctx, 'cache-co')
  outsider = await buildVerifiedUser(t.app, t.ctx, 'other-co')
  await t.ctx.listener?.whenListening()
})
after(() => t.close())

const client = () => new IndependentClient(injectSender(t.app))
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } })
const titles = async (url: string, cookie = alice.cookie) => ((await get(url, cookie)).json().threads as { title: string }[]).map((x) => x.title)
async function openThread(title: string, channel?: string, company: string | null = null) {
  const [tok] = await client().tokensFor(alice.cookie, company, 'talk', 1)
  const opened = await client().openThread(tok!, title, `Body of ${title}`, 'alias', channel)
  assert.equal(opened.status, 201, JSON.stringify(opened.json))
  return opened.json.threadId as string
}

/** A statement the app's query builder never sees: another connection (PostgreSQL) or PGlite itself. */
async function writeFromOutside(statement: string): Promise<void> {
  if (t.ctx.database.pglite) {
    await t.ctx.database.pglite.query(statement)
    return
  }
  const other = new pg.Client({ connectionString: t.ctx.database.url! })
  await other.connect()
  try {
    await other.query(statement)
  } finally {
    await other.end()
  }
}

/** Waits (at most 5 s) until the cache has been dropped more often than `drops`. */
async function droppedSince(drops: number): Promise<void> {
  for (let i = 0; i < 500 && t.ctx.talkReads.stats.drops <= drops; i++) await new Promise((r) => setTimeout(r, 10))
  assert.ok(t.ctx.talkReads.stats.drops > drops, 'the commit was heard of')
}

describe('the Work Talk read cache', () => {
  it('serves a repeated list and thread page from memory, and the same answer as the database', async () => {
    const id = await openThread('Cached once')
    assert.ok(t.ctx.talkReads.live, 'listening, so the cache is in use')
    const first = await get('/api/v1/talk/threads?sort=new', alice.cookie)
    const hits = t.ctx.talkReads.stats.hits
    const again = await get('/api/v1/talk/threads?sort=new', bob.cookie)
    assert.equal(t.ctx.talkReads.stats.hits, hits + 1, 'the second reader was answered from memory')
    assert.equal(again.body, first.body, 'byte for byte the same answer')
    const page = await get(`/api/v1/talk/threads/${id}`, alice.cookie)
    const pageAgain = await get(`/api/v1/talk/threads/${id}`, bob.cookie)
    assert.equal(t.ctx.talkReads.stats.hits, hits + 2)
    assert.equal(pageAgain.body, page.body)
  })

  it('drops everything when this process writes, so a member sees their own write at once', async () => {
    const id = await openThread('Before the rename')
    assert.ok((await titles('/api/v1/talk/threads?sort=new')).includes('Before the rename'))
    await t.ctx.db.updateTable('talkPost').set({ title: 'After the rename' }).where('threadId', '=', id).where('isOpening', '=', true).execute()
    assert.ok((await titles('/api/v1/talk/threads?sort=new')).includes('After the rename'), 'the next read misses and reads the database')
    // The process's own statements drop it as they are sent — before any commit (a rolled-back one notifies nobody).
    const drops = t.ctx.talkReads.stats.drops
    await t.ctx.db
      .transaction()
      .execute(async (tx) => {
        await tx.updateTable('talkThread').set({ locked: true }).where('id', '=', id).execute()
        assert.ok(t.ctx.talkReads.stats.drops > drops, 'dropped inside the transaction')
        throw new Error('roll back')
      })
      .catch((err: Error) => assert.equal(err.message, 'roll back'))
    // A reply through the anonymous API (the mixer's window) shows on the thread page at once.
    const before = (await get(`/api/v1/talk/threads/${id}`, bob.cookie)).json().posts.length
    const [tok] = await client().tokensFor(bob.cookie, null, 'talk', 1)
    assert.equal((await client().reply(id, tok!, 'A reply', 'alias')).status, 201)
    assert.equal((await get(`/api/v1/talk/threads/${id}`, bob.cookie)).json().posts.length, before + 1)
  })

  it('drops everything when a write it never saw commits (another connection, another process)', async () => {
    const id = await openThread('Renamed elsewhere')
    assert.ok((await titles('/api/v1/talk/threads?sort=new')).includes('Renamed elsewhere'))
    await get('/api/v1/talk/threads?sort=new', alice.cookie)
    const drops = t.ctx.talkReads.stats.drops
    await writeFromOutside(`update talk_post set title = 'Renamed by another process' where thread_id = '${id}' and is_opening`)
    await droppedSince(drops)
    assert.ok((await titles('/api/v1/talk/threads?sort=new')).includes('Renamed by another process'))
  })

  it('asks every time whether the reader may read a board, before the shared page is used', async () => {
    const id = await openThread('Board only', 'cache-co', 'cache-co')
    assert.ok((await titles('/api/v1/talk/threads?channel=cache-co&sort=new')).includes('Board only'))
    assert.equal((await get(`/api/v1/talk/threads/${id}`, bob.cookie)).statusCode, 200)
    const hits = t.ctx.talkReads.stats.hits
    // Both pages are in memory now; an outsider still gets no part of them.
    const list = await get('/api/v1/talk/threads?channel=cache-co&sort=new', outsider.cookie)
    assert.equal(list.statusCode, 403)
    assert.equal(list.json().code, 'not_member')
    const page = await get(`/api/v1/talk/threads/${id}`, outsider.cookie)
    assert.equal(page.statusCode, 403)
    assert.equal(page.json().code, 'not_member')
    assert.ok(!page.body.includes('Board only'))
    assert.equal(t.ctx.talkReads.stats.hits, hits + 1, 'the page was in memory and was still refused')
  })

  it('is not used while its process is not listening, and starts empty when it listens again', async () => {
    await get('/api/v1/talk/threads?sort=new', alice.cookie)
    t.ctx.talkReads.setLive(false)
    try {
      const bypassed = t.ctx.talkReads.stats.bypassed
      await get('/api/v1/talk/threads?sort=new', alice.cookie)
      await get('/api/v1/talk/threads?sort=new', alice.cookie)
      assert.equal(t.ctx.talkReads.stats.bypassed, bypassed + 2)
      assert.equal(t.ctx.talkReads.size, 0)
    } finally {
      t.ctx.talkReads.setLive(true)
    }
    assert.equal(t.ctx.talkReads.size, 0)
  })

  it('has a trigger on every table it caches, and the code writes none of them in raw SQL', async () => {
    const rows = await sql<{ table: string; name: string }>`
      select c.relname as table, tg.tgname as name from pg_trigger tg join pg_class c on c.oid = tg.tgrelid join pg_proc p on p.oid = tg.tgfoid
      where not tg.tgisinternal and p.proname = 'talk_read_changed'`.execute(t.ctx.db)
    assert.deepEqual(rows.rows.map((r) => r.table).sort(), [...TALK_READ_TABLES].sort())
    // Raw SQL would bypass this process's own drop (db/write-watch.ts sees only the query builder).
    const offenders: string[] = []
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name)
        if (e.isDirectory()) {
          if (e.name !== 'migrations') walk(p)
        } else if (p.endsWith('.ts')) {
          const text = fs.readFileSync(p, 'utf8')
          for (const table of TALK_READ_TABLES) if (new RegExp(`\\b(insert\\s+into|update|delete\\s+from|truncate)\\s+${table}\\b`, 'i').test(text)) offenders.push(`${p}: ${table}`)
        }
      }
    }
    walk(path.resolve('server/src'))
    assert.deepEqual(offenders, [])
    assert.equal(TALK_READ_NOTIFY_CHANNEL, 'watercooler_talk_read')
  })

  it('knows which table each kind of write statement writes', () => {
    const db = t.ctx.db
    assert.deepEqual(writtenTables(db.insertInto('talkPost').values({} as never).toOperationNode()), [{ table: 'talk_post', kind: 'insert' }])
    assert.deepEqual(writtenTables(db.updateTable('talkThread as t').set({ locked: true }).toOperationNode()), [{ table: 'talk_thread', kind: 'update' }])
    assert.deepEqual(writtenTables(db.deleteFrom('talkImage').toOperationNode()), [{ table: 'talk_image', kind: 'delete' }])
    assert.deepEqual(writtenTables(db.selectFrom('talkPost').selectAll().toOperationNode()), [])
  })
})

describe('the session cache', () => {
  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })

  it('answers a known session from memory, and refuses it at once once it is signed out', async () => {
    const member = await signUp(t.app)
    assert.equal((await me(member.cookie)).statusCode, 200)
    const hits = t.ctx.sessionReads.stats.hits
    assert.equal((await me(member.cookie)).statusCode, 200)
    assert.equal(t.ctx.sessionReads.stats.hits, hits + 1, 'the second request did not ask the database for the session')
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: { cookie: member.cookie } })).statusCode, 204)
    assert.equal((await me(member.cookie)).statusCode, 401, 'signed out: the cached session is gone')
  })

  it('refuses a session ended by another process once that commits', async () => {
    const member = await signUp(t.app)
    assert.equal((await me(member.cookie)).statusCode, 200)
    assert.equal((await me(member.cookie)).statusCode, 200)
    const drops = t.ctx.sessionReads.stats.drops
    await writeFromOutside(`delete from session where account_id = '${member.id}'`)
    for (let i = 0; i < 500 && t.ctx.sessionReads.stats.drops <= drops; i++) await new Promise((r) => setTimeout(r, 10))
    assert.equal((await me(member.cookie)).statusCode, 401)
  })

  it('lets a member read Work Talk the moment their verification is recorded', async () => {
    const member = await signUp(t.app)
    assert.equal((await get('/api/v1/talk/threads', member.cookie)).json().code, 'not_verified', 'cached as not (yet) a reader')
    const company = await t.ctx.db.selectFrom('company').select('id').where('slug', '=', 'cache-co').executeTakeFirstOrThrow()
    await recordEmployment(t.ctx.db, { accountId: member.id, companyId: company.id, method: 'email', today: new Date().toISOString().slice(0, 10), workEmailHmac: null })
    assert.equal((await get('/api/v1/talk/threads', member.cookie)).statusCode, 200)
  })
})

describe('the cache itself', () => {
  const make = (limits = {}) => {
    let now = 0
    const cache = new ReadCache({ now: () => now, limits: { ...TALK_READ_CACHE, ...limits } })
    cache.setLive(true)
    return { cache, advance: (ms: number) => (now += ms) }
  }

  it('keeps an entry for its time to live, then reads again', async () => {
    const { cache, advance } = make({ ttlMs: 1000 })
    let loads = 0
    const load = async () => ++loads
    assert.equal(await cache.get('k', load), 1)
    advance(999)
    assert.equal(await cache.get('k', load), 1)
    advance(1)
    assert.equal(await cache.get('k', load), 2)
  })

  it('does not keep what was read while a write was heard of', async () => {
    const { cache } = make()
    let release!: () => void
    const slow = cache.get('k', () => new Promise<string>((r) => (release = () => r('old'))))
    cache.drop()
    release()
    assert.equal(await slow, 'old', 'the reader under way gets its answer')
    assert.equal(await cache.get('k', async () => 'new'), 'new', 'but it was not kept')
  })

  it('shares one load among concurrent misses, and keeps nothing that failed', async () => {
    const { cache } = make()
    let loads = 0
    const load = async () => {
      loads++
      await new Promise((r) => setTimeout(r, 5))
      return 'v'
    }
    await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)])
    assert.equal(loads, 1)
    await assert.rejects(cache.get('bad', async () => Promise.reject(new Error('db down'))))
    assert.equal(await cache.get('bad', async () => 'ok'), 'ok')
  })

  it('holds at most maxEntries and about maxBytes, the least recently used going first', async () => {
    const { cache } = make({ maxEntries: 2 })
    await cache.get('a', async () => 'A')
    await cache.get('b', async () => 'B')
    await cache.get('a', async () => 'A2') // a is the most recent now
    await cache.get('c', async () => 'C')
    assert.equal(cache.size, 2)
    assert.equal(await cache.get('a', async () => 'A3'), 'A', 'kept')
    assert.equal(await cache.get('b', async () => 'B2'), 'B2', 'evicted')
    const small = make({ maxBytes: 1000 }).cache
    await small.get('x', async () => 'x'.repeat(300))
    await small.get('y', async () => 'y'.repeat(300))
    assert.equal(small.size, 1, '600 bytes each: only one fits')
    await small.get('huge', async () => 'z'.repeat(1000))
    assert.equal(small.size, 1, 'an entry larger than the whole budget is not kept')
  })
})
