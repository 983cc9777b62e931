import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import type { Database } from '../../server/src/db/database.js'
import { adminQuery, freshDatabase, TEST_DATABASE_URL, TEST_DB_KIND } from '../support/db.js'
import { openStorageAdversary, parseLsn, type StorageAdversary, storageUnavailable, type StorageView, toastValues } from './storage.js'

/**
 * The storage adversary's readers see what they claim: dead row versions, the WAL's transactions
 * with their commit times, values long deleted, toast chunks — and only this database's
 * transactions in a shared cluster. A scratch table stands in for the app's tables.
 */
const marker = (what: string) => `${what}-${crypto.randomBytes(8).toString('hex')}`
const has = (b: Buffer, s: string) => b.includes(Buffer.from(s))

describe(`storage adversary (${TEST_DB_KIND})`, () => {
  let database: Database
  let adversary: StorageAdversary
  let unavailable: string | null = null
  const exec = (q: string) => sql.raw(q).execute(database.db)
  /** Runs the statements in one transaction and returns its xid; `rollback` aborts it instead. */
  const inTransaction = async (statements: string[], rollback = false) => {
    let xid = 0n
    const rolledBack = new Error('rollback')
    try {
      await database.db.transaction().execute(async (trx) => {
        for (const s of statements) await sql.raw(s).execute(trx)
        xid = BigInt((await sql<{ x: string }>`select pg_current_xact_id()::text as x`.execute(trx)).rows[0]!.x)
        if (rollback) throw rolledBack
      })
    } catch (err) {
      if (err !== rolledBack) throw err
    }
    return xid
  }
  const scratchFile = (v: StorageView) => v.files.find((f) => f.kind === 'relation' && f.table === 'scratch' && /\/\d+$/.test(f.name))

  before(async () => {
    database = await freshDatabase({ inspect: true })
    unavailable = await storageUnavailable(database)
    if (unavailable) return
    adversary = await openStorageAdversary(database)
    await exec('create table scratch (id int primary key, body text)')
  })
  after(async () => {
    await adversary?.close()
    await database.close()
  })

  it('heap holds an updated row’s old version, not live, until VACUUM removes it', async (t) => {
    if (unavailable) return t.skip(unavailable)
    const [old, current] = [marker('old-text'), marker('new-text')]
    await exec(`insert into scratch values (1, '${old}')`)
    await exec(`update scratch set body = '${current}' where id = 1`)
    const v = await adversary.view()
    const versions = v.heap.filter((h) => h.table === 'scratch' && !h.toast)
    const before = versions.find((h) => has(h.data, old))
    const after = versions.find((h) => has(h.data, current))
    assert.ok(before && after, 'both versions are in the heap')
    assert.equal(before.live, false)
    assert.equal(after.live, true)
    assert.equal(before.xmax, after.xmin, 'the update that made the new version ended the old one')
    assert.equal(before.next, after.ctid, 'the old version points at the new one')
    // After a CHECKPOINT the relation file holds both too (view() runs one).
    const file = scratchFile(v)
    assert.ok(file && has(file.bytes, old) && has(file.bytes, current), 'the relation file holds both versions')

    await exec('vacuum scratch')
    const w = await adversary.view()
    assert.ok(!w.heap.some((h) => has(h.data, old)), 'VACUUM removed the dead version from heap')
    assert.ok(w.heap.some((h) => h.live && has(h.data, current)))
  })

  it('wal lists this database’s transactions in commit order, with tables, commit times and aborts', async (t) => {
    if (unavailable) return t.skip(unavailable)
    await adversary.mark()
    const first = await inTransaction([`insert into scratch values (10, '${marker('first')}')`])
    const second = await inTransaction([`insert into scratch values (11, '${marker('second')}')`])
    const aborted = await inTransaction([`insert into scratch values (12, '${marker('aborted')}')`], true)
    const v = await adversary.view()
    const i1 = v.wal.findIndex((x) => x.xid === first)
    const i2 = v.wal.findIndex((x) => x.xid === second)
    assert.ok(i1 >= 0 && i2 > i1, `the second transaction follows the first (${i1}, ${i2})`)
    for (const tx of [v.wal[i1]!, v.wal[i2]!]) {
      assert.deepEqual(tx.tables, ['scratch'])
      assert.equal(tx.aborted, false)
      assert.ok(tx.commitTime && Math.abs(tx.commitTime.getTime() - Date.now()) < 5_000, `commit time ${tx.commitTime?.toISOString()} is about now`)
      assert.ok(tx.records.some((r) => r.rmgr === 'Heap' && r.type.startsWith('INSERT') && r.table === 'scratch'))
      assert.ok(tx.records.some((r) => r.rmgr === 'Btree' && r.table === 'scratch'), 'index records are attributed to the table')
    }
    assert.ok(v.wal[i1]!.commitMicros! <= v.wal[i2]!.commitMicros!)
    const a = v.wal.find((x) => x.xid === aborted)
    assert.ok(a, 'the rolled-back transaction is in the WAL')
    assert.equal(a.aborted, true)
    assert.deepEqual(a.tables, ['scratch'])
    // Every record's bytes are the record itself: its header starts with its length and xid.
    assert.ok(v.walRecords.length > 0)
    for (const r of v.walRecords) {
      assert.ok(r.bytes, `record ${r.lsn} has bytes`)
      assert.equal(r.bytes.length, r.length)
      assert.equal(r.bytes.readUInt32LE(0), r.length, `xl_tot_len of ${r.lsn}`)
      assert.equal(BigInt(r.bytes.readUInt32LE(4)), r.xid, `xl_xid of ${r.lsn}`)
    }
    assert.equal(v.walBytes.length, Number(parseLsn(v.range.end) - parseLsn(v.range.start)))
  })

  it('a value written then deleted and vacuumed away is still in the WAL bytes and files', async (t) => {
    if (unavailable) return t.skip(unavailable)
    await adversary.mark()
    const gone = marker('deleted-value')
    const xid = await inTransaction([`insert into scratch values (20, '${gone}')`])
    await exec('delete from scratch where id = 20')
    await exec('vacuum scratch')
    const v = await adversary.view()
    assert.ok(!v.heap.some((h) => has(h.data, gone)), 'gone from the heap')
    assert.ok(has(v.walStream, gone), 'in the WAL stream')
    const insert = v.wal.find((x) => x.xid === xid)?.records.find((r) => r.bytes && has(r.bytes, gone))
    assert.ok(insert, 'in the bytes of its own INSERT record, which names its transaction')
    assert.equal(insert.table, 'scratch')
    assert.ok(
      v.files.some((f) => f.kind === 'wal' && has(f.bytes, gone)),
      'in a WAL segment file',
    )
    assert.ok(v.files.some((f) => f.kind === 'backup'))
  })

  it('a large value is in heap as toast chunks of its table', async (t) => {
    if (unavailable) return t.skip(unavailable)
    // EXTERNAL: out of line and uncompressed, whatever the engine's default compression would make of it.
    await exec('alter table scratch alter column body set storage external')
    const big = crypto.randomBytes(6000).toString('hex') // 12 000 characters
    await exec(`insert into scratch values (30, '${big}')`)
    const v = await adversary.view()
    const chunks = v.heap.filter((h) => h.toast && h.table === 'scratch')
    assert.ok(chunks.length >= 6, `${chunks.length} chunks`)
    assert.ok(chunks.every((c) => c.relation.startsWith('pg_toast.') && c.chunk && c.live))
    const value = toastValues(v.heap).find((x) => x.table === 'scratch' && x.bytes.equals(Buffer.from(big)))
    assert.ok(value, 'the chunks reassemble to the value')
    assert.ok(!v.heap.some((h) => !h.toast && has(h.data, big.slice(0, 64))), 'the main row holds only a pointer')
    assert.ok(v.pages.some((p) => p.kind === 'toast' && p.table === 'scratch'))
    assert.ok(v.pages.some((p) => p.kind === 'index' && p.relation === 'scratch_pkey'))
  })

  it('transactions of another database in the cluster are not in wal', { skip: TEST_DB_KIND !== 'postgres' && 'PostgreSQL only: PGlite has one database' }, async (t) => {
    if (unavailable) return t.skip(unavailable)
    const name = `wc_test_other_${crypto.randomBytes(4).toString('hex')}`
    await adminQuery(TEST_DATABASE_URL!, `create database ${name}`)
    const u = new URL(TEST_DATABASE_URL!)
    u.pathname = `/${name}`
    const other = new pg.Client({ connectionString: u.toString() })
    await other.connect()
    try {
      await adversary.mark()
      const elsewhere = marker('other-database')
      await other.query('create table scratch (id int primary key, body text)')
      const { rows } = await other.query<{ x: string; db: number }>(
        `begin; insert into scratch values (1, '${elsewhere}'); select pg_current_xact_id()::text as x, (select oid from pg_database where datname = current_database())::int as db; commit`,
      ).then((r) => (r as unknown as pg.QueryResult[])[2]!)
      const otherXid = BigInt(rows[0]!.x)
      const mine = await inTransaction([`insert into scratch values (40, '${marker('this-database')}')`])
      const v = await adversary.view()
      assert.ok(v.wal.some((x) => x.xid === mine), 'this database’s transaction is there')
      assert.ok(!v.wal.some((x) => x.xid === otherXid), 'the other database’s is not')
      assert.ok(!v.walRecords.some((r) => r.blocks.some((b) => b.dbOid === rows[0]!.db)))
      assert.ok(has(v.walStream, elsewhere), 'though its bytes are in the shared WAL')
    } finally {
      await other.end()
      await adminQuery(TEST_DATABASE_URL!, `drop database if exists ${name} with (force)`)
    }
  })
})
