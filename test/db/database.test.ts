import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { type Database, openPostgres } from '../../server/src/db/database.js'
import { DataDirLockedError, lockDataDir, startOf } from '../../server/src/db/lock.js'
import { migrateToLatest, migrateToNothing } from '../../server/src/db/migrate.js'
import { migrations } from '../../server/src/db/migrations/index.js'
import { adminQuery, freshDatabase, TEST_DATABASE_URL, TEST_DB_KIND } from '../support/db.js'

let database: Database
before(async () => {
  database = await freshDatabase()
  await sql`create table tx_probe (label text not null)`.execute(database.db)
})
after(() => database.close())

const labels = async () => (await sql<{ label: string }>`select label from tx_probe order by label`.execute(database.db)).rows.map((r) => r.label)

describe(`transactions on ${TEST_DB_KIND}`, () => {
  it('keep overlapping transactions apart: one commits, one rolls back, a read in between sees neither', async () => {
    await sql`truncate tx_probe`.execute(database.db)
    let releaseA!: () => void
    const aMayFinish = new Promise<void>((r) => (releaseA = r))
    let aInserted!: () => void
    const aHasInserted = new Promise<void>((r) => (aInserted = r))

    // A inserts, waits, then throws (rolls back). B inserts and commits while A is open.
    const a = database.db
      .transaction()
      .execute(async (tx) => {
        await sql`insert into tx_probe values ('a')`.execute(tx)
        aInserted()
        await aMayFinish
        throw new Error('roll A back')
      })
      .catch((e: Error) => e.message)
    await aHasInserted
    const b = database.db.transaction().execute(async (tx) => {
      await sql`insert into tx_probe values ('b')`.execute(tx)
    })
    const readBetween = labels()
    releaseA()
    assert.equal(await a, 'roll A back')
    await b
    const between = await readBetween
    assert.ok(!between.includes('a'), `a read outside never sees A's uncommitted row (saw ${between})`)
    assert.deepEqual(await labels(), ['b'], "B's commit survives A's rollback, and A's row is gone")
  })

  it('keep overlapping transactions apart the other way round: B rolls back, A commits', async () => {
    await sql`truncate tx_probe`.execute(database.db)
    let releaseA!: () => void
    const aMayFinish = new Promise<void>((r) => (releaseA = r))
    let aInserted!: () => void
    const aHasInserted = new Promise<void>((r) => (aInserted = r))
    const a = database.db.transaction().execute(async (tx) => {
      await sql`insert into tx_probe values ('a')`.execute(tx)
      aInserted()
      await aMayFinish
    })
    await aHasInserted
    const b = database.db
      .transaction()
      .execute(async (tx) => {
        await sql`insert into tx_probe values ('b')`.execute(tx)
        throw new Error('roll B back')
      })
      .catch((e: Error) => e.message)
    releaseA()
    await a
    assert.equal(await b, 'roll B back')
    assert.deepEqual(await labels(), ['a'])
  })
})

describe(`types on ${TEST_DB_KIND}`, () => {
  it('returns the same JavaScript types from both drivers', async () => {
    const row = (
      await sql<{ big: unknown; int: unknown; day: unknown; at: unknown; json: unknown; bytes: unknown }>`
        select 9007199254740993::bigint as big, 7::int as int, date '2026-11-25' as day,
               timestamptz '2026-11-25 12:34:56Z' as at, '{"a":[1]}'::jsonb as json, '\\x0102'::bytea as bytes`.execute(database.db)
    ).rows[0]!
    assert.equal(row.big, '9007199254740993', 'bigint as an exact string')
    assert.equal(row.int, 7)
    assert.equal(row.day, '2026-11-25', 'date as YYYY-MM-DD, never shifted by the time zone')
    assert.ok(row.at instanceof Date && row.at.toISOString() === '2026-11-25T12:34:56.000Z')
    assert.deepEqual(row.json, { a: [1] })
    assert.ok(Buffer.isBuffer(row.bytes) && row.bytes.equals(Buffer.from([1, 2])))
  })
})

describe(`connections on ${TEST_DB_KIND}`, () => {
  const needsServer = TEST_DB_KIND !== 'postgres' && 'needs a PostgreSQL server'

  it('close() resolves only once every connection has really closed', { skip: needsServer }, async () => {
    const scratch = await freshDatabase()
    try {
      const own = openPostgres(scratch.url!, 5)
      await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.02)`.execute(own.db)))
      assert.equal(own.openConnections(), 3)
      await own.close()
      // pg's pool.end() alone resolves while its connections are still closing; a server ending one
      // in that window (DROP DATABASE … WITH (FORCE)) killed a test process with an unhandled 'error'.
      assert.equal(own.openConnections(), 0)
    } finally {
      await scratch.close()
    }
  })

  it('an idle connection the server ends is reported and replaced, and takes nothing down', { skip: needsServer }, async () => {
    const scratch = await freshDatabase()
    try {
      const reported = new Promise<Error>((resolve) => scratch.onConnectionError(resolve))
      const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(scratch.db)).rows[0]!.pid
      await adminQuery(TEST_DATABASE_URL!, `select pg_terminate_backend(${Number(pid)})`)
      assert.match((await reported).message, /terminat/i)
      const again = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(scratch.db)).rows[0]!.pid
      assert.notEqual(again, pid, 'a new connection serves the next query')
    } finally {
      await scratch.close()
    }
  })
})

describe('migrations', () => {
  it('are listed in the order they run and each one is reversible', async () => {
    const names = Object.keys(migrations)
    assert.deepEqual(names, [...names].sort())
    const scratch = await freshDatabase()
    try {
      const undone = await migrateToNothing(scratch.db)
      assert.deepEqual(undone, [...names].reverse())
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'`.execute(scratch.db)
      assert.equal(rows[0]!.n, 0, 'down() removes every table up() made')
      assert.deepEqual(await migrateToLatest(scratch.db), names)
    } finally {
      await scratch.close()
    }
  })
})

describe('DATA_DIR lock', () => {
  it('refuses a second process on the same data directory, and frees it on release', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-lock-'))
    const release = lockDataDir(dir)
    // The lock names a live process (this one), as a second server would find it.
    assert.throws(() => lockDataDir(dir), DataDirLockedError)
    release()
    const again = lockDataDir(dir)
    again()
    fs.rmSync(dir, { recursive: true })
  })

  it('takes over a lock left behind by a process that died', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-lock-'))
    fs.writeFileSync(path.join(dir, 'watercooler.lock'), '2147483646')
    const release = lockDataDir(dir)
    assert.equal((JSON.parse(fs.readFileSync(path.join(dir, 'watercooler.lock'), 'utf8')) as { pid: number }).pid, process.pid)
    release()
    fs.rmSync(dir, { recursive: true })
  })

  it('takes over a lock naming a live PID that another process had (kill -9 in a container: the next start is PID 1 again)', { skip: startOf(process.pid) ? false : 'needs /proc' }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-lock-'))
    const file = path.join(dir, 'watercooler.lock')
    // This process's PID, as the dead PID 1 would name the new PID 1, with the start of another process.
    const mine = startOf(process.pid)!
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, started: mine.replace(/\d+$/, (t) => String(Number(t) - 1)) }))
    const release = lockDataDir(dir)
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { pid: process.pid, started: mine })
    release()
    // The same PID from before a reboot is stale too; the same PID and start is live.
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, started: `another-boot:${mine.split(':')[1]}` }))
    lockDataDir(dir)()
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, started: mine }))
    assert.throws(() => lockDataDir(dir), DataDirLockedError)
    fs.rmSync(dir, { recursive: true })
  })

  it('the start it records is the process’s own: another live process has another', { skip: startOf(process.pid) ? false : 'needs /proc' }, () => {
    assert.equal(startOf(process.pid), startOf(process.pid))
    assert.notEqual(startOf(process.pid), startOf(process.ppid))
    assert.equal(startOf(2147483646), null)
  })
})
