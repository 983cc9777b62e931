/**
 * The storage-level adversary of DESIGN §4: besides the live rows (adversary.ts), an operator
 * holds what the database engine keeps on disk — every row version still in the heap, dead ones
 * too; the write-ahead log with each transaction's commit time; the data directory; backups.
 * `openStorageAdversary` gives those views of one test database, for PGlite and for PostgreSQL,
 * so that attacks can be written once against `StorageView`.
 *
 * Needs the database opened with `freshDatabase({ inspect: true })` (pageinspect; pg_walinspect on
 * PGlite). On PostgreSQL it also needs the server's data directory and a pg_waldump of its
 * version on this machine: `storageUnavailable` says when they are missing.
 */
import { randomBytes } from 'node:crypto'
import { CompiledQuery, sql } from 'kysely'
import pg from 'pg'
import type { Database } from '../../server/src/db/database.js'
import { type HeapVersion, type Query, type RawPage, readHeap, readPages, relationNames } from './storage-heap.js'
import { untar, walinspect } from './storage-pglite.js'
import { pgDump, type PostgresAccess, probePostgres, relationFiles, waldump, walSegmentFiles } from './storage-postgres.js'
import { assembleTransactions, formatLsn, parseLsn, type RawWalRecord, type WalRecord, type WalTransaction, WalSegments } from './storage-wal.js'

export { type HeapVersion, type RawPage, toastValues } from './storage-heap.js'
export { formatLsn, parseLsn, type WalBlock, type WalRecord, type WalTransaction } from './storage-wal.js'

export interface StoredFile {
  /** Path in the data directory (`base/16384/16437`, `pg_wal/000000010000000000000001`), or `pg_dump.sql` / `pglite-datadir.tar`. */
  name: string
  kind: 'backup' | 'relation' | 'wal' | 'other'
  /** For a relation file of this database: its table (as in HeapVersion.table; catalogs schema-qualified). */
  table: string | null
  bytes: Buffer
}

export interface StorageView {
  kind: Database['kind']
  /** The WAL range of `wal`, `walRecords`, `walBytes`: from the last mark() to view(). */
  range: { start: string; end: string }
  /** Every tuple in every page of every user table (schema public, kinds r and m) and its toast table. */
  heap: HeapVersion[]
  /** Every page of those tables, their toast tables, their indexes and the public sequences. */
  pages: RawPage[]
  /** This database's transactions in the range, in commit order (unfinished ones last). */
  wal: WalTransaction[]
  /** Every record of this database in the range, in transactions or not (pruning, vacuum, hint-bit images). */
  walRecords: WalRecord[]
  /** The range's bytes as they lie in the WAL segment files (every database's records: the files are the cluster's). */
  walBytes: Buffer
  /** The same without WAL page headers, so that a value that crosses a page boundary is contiguous. */
  walStream: Buffer
  /**
   * The files. PGlite: the `dumpDataDir` tarball (kind backup) and each file in it. PostgreSQL:
   * the `pg_dump --no-owner` output (backup), every file of `base/<this database>/`, and the WAL
   * segments of the range. Relation files are read after a CHECKPOINT, so they hold every
   * committed write.
   */
  files: StoredFile[]
}

export interface StorageAdversary {
  /** Starts the WAL range (openStorageAdversary marks once itself). Returns the LSN. */
  mark(): Promise<string>
  view(): Promise<StorageView>
  /** Releases the WAL the range kept; the database stays open. */
  close(): Promise<void>
}

export class StorageUnavailableError extends Error {}

/**
 * null when the storage views can be read here; otherwise why not, printed loudly — and under
 * CI=true thrown, so that CI cannot silently skip them (the pattern of browserUnavailable()).
 */
export async function storageUnavailable(database: Database): Promise<string | null> {
  let reason: string | null = null
  if (database.url) {
    const client = await connect(database.url)
    try {
      const access = await probePostgres(client)
      if (typeof access === 'string') reason = access
    } finally {
      await client.end()
    }
  }
  if (!reason) return null
  const message = `storage adversary unavailable: ${reason}. STORAGE-LEVEL SUBPOENA TESTS NOT RUN.`
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: this is a failure)`)
  process.stderr.write(`\n${'!'.repeat(78)}\n!! ${message}\n${'!'.repeat(78)}\n\n`)
  return message
}

/** The storage adversary's own sessions say who they are, so a test that kills the app's connections can spare them. */
export const STORAGE_APPLICATION_NAME = 'wc-storage-adversary'

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: STORAGE_APPLICATION_NAME })
  // DROP DATABASE … WITH (FORCE) at the end of a test ends this connection too: not a crash.
  client.on('error', () => {})
  await client.connect()
  return client
}

export async function openStorageAdversary(database: Database): Promise<StorageAdversary> {
  const db = database.db
  const have = (await sql<{ e: string }>`select extname as e from pg_extension`.execute(db)).rows.map((r) => r.e)
  const needed = database.kind === 'pglite' ? ['pageinspect', 'pg_walinspect'] : ['pageinspect']
  const missing = needed.filter((e) => !have.includes(e))
  if (missing.length) throw new Error(`the storage adversary needs ${missing.join(', ')}: open the database with freshDatabase({ inspect: true })`)

  let client: pg.Client | null = null
  let access: PostgresAccess | null = null
  if (database.url) {
    client = await connect(database.url)
    const probed = await probePostgres(client)
    if (typeof probed === 'string') {
      await client.end()
      throw new StorageUnavailableError(probed)
    }
    access = probed
  }
  /*
   * Reads go through the app's pool: on PGlite that queues them behind any open transaction (its
   * one session must not interleave two). `control` is the dedicated PostgreSQL session that
   * holds the slot, for the few statements that cannot fail (an error there would drop the slot).
   */
  const query: Query = async <R>(text: string, params: unknown[] = []) => (await db.executeQuery<R>(CompiledQuery.raw(text, params))).rows
  const control: Query = client ? async (text, params) => (await client.query(text, params)).rows : query
  const settings = (await query<{ dboid: number; seg: string; page: string }>(
    `select (select oid from pg_database where datname = current_database())::int as dboid,
       (select setting from pg_settings where name = 'wal_segment_size') as seg, (select setting from pg_settings where name = 'wal_block_size') as page`,
  ))[0]!
  const dbOid = settings.dboid
  const segmentSize = Number(settings.seg)
  const pageSize = Number(settings.page)

  /*
   * A physical replication slot keeps the WAL from the mark on: a checkpoint — a server's own
   * timed one, another test file's, or view()'s — removes segments older than its redo point.
   * On PostgreSQL the slot is temporary, so a crashed test leaves nothing behind: it belongs to
   * this dedicated session, and PostgreSQL also drops temporary slots on any error in that
   * session (so only our own, error-free statements run on it). On PGlite the one session is
   * the app's, whose errors would drop a temporary slot; a permanent one dies with the in-memory
   * database anyway.
   */
  const slot = `wc_subpoena_${process.pid}_${randomBytes(4).toString('hex')}`
  if (client) await createSlot(client, slot)
  else await query(`select pg_create_physical_replication_slot($1, true, false)`, [slot])

  const insertLsn = async () => parseLsn((await control<{ l: string }>('select pg_current_wal_insert_lsn()::text as l'))[0]!.l)
  let start = await insertLsn()
  let closed = false

  return {
    async mark() {
      start = await insertLsn()
      return formatLsn(start)
    },
    async view() {
      if (closed) throw new Error('the storage adversary is closed')
      if (!(await control(`select 1 from pg_replication_slots where slot_name = $1`, [slot])).length) throw new Error(`replication slot ${slot} is gone: the WAL range may have been removed`)
      const end = await insertLsn()
      /*
       * CHECKPOINT, for two reasons. (1) Relation files: both engines keep recent writes in shared
       * buffers; until a checkpoint (or eviction) base/<db>/ holds old page images. Measured on
       * PGlite 0.5.16: a row inserted and deleted is in pg_wal at once but in base/5/<relfilenode>
       * only after a CHECKPOINT (dumpDataDir does not run one). (2) WAL on disk: with
       * synchronous_commit=off (CI's and the dev cluster's setting) commits leave their records in
       * WAL buffers, and pg_waldump stopped short of the last ones ("invalid magic number"); a
       * checkpoint flushes the WAL through its own record, which lies past `end`. pg_switch_wal()
       * would flush too but wastes a 16 MB segment per call and leaves the relation files stale.
       * PGlite's single-user backend flushes at each commit; its checkpoint is for (1).
       */
      await control('checkpoint')
      const names = await relationNames(query, dbOid)
      const heap = await readHeap(query, names)
      const pages = await readPages(query, names)

      let raw: RawWalRecord[]
      let files: StoredFile[]
      const segments = new Map<bigint, Buffer>()
      const fileTable = (name: string) => {
        const m = new RegExp(`^base/${dbOid}/(\\d+)`).exec(name)
        return m ? (names.resolve(dbOid, Number(m[1]))?.table ?? null) : null
      }
      if (access) {
        const segmentName = (s: bigint) => WalSegments.segmentName(s, access!.timeline, segmentSize)
        raw = await waldump(access, start, end, (lsn) => segmentName(lsn / BigInt(segmentSize)))
        const segnos: bigint[] = []
        for (let s = start / BigInt(segmentSize); s <= end / BigInt(segmentSize); s++) segnos.push(s)
        const wal = walSegmentFiles(access, segnos, segmentName)
        for (const [segno, f] of wal) segments.set(segno, f.bytes)
        files = [
          { name: 'pg_dump.sql', kind: 'backup', table: null, bytes: await pgDump(database.url!) },
          ...relationFiles(access, dbOid).map((f) => ({ ...f, kind: 'relation' as const, table: fileTable(f.name) })),
          ...[...wal.values()].map((f) => ({ ...f, kind: 'wal' as const, table: null })),
        ]
      } else {
        raw = await walinspect(db, start, end)
        const tar = Buffer.from(await (await database.pglite!.dumpDataDir('none')).arrayBuffer())
        files = [{ name: 'pglite-datadir.tar', kind: 'backup', table: null, bytes: tar }]
        for (const f of untar(tar)) {
          const wal = /^pg_wal\/([0-9A-F]{24})$/.exec(f.name)
          const segno = wal ? WalSegments.segmentNumber(wal[1]!, segmentSize) : null
          if (segno !== null) segments.set(segno, f.bytes)
          files.push({ ...f, kind: segno !== null ? 'wal' : f.name.startsWith('base/') ? 'relation' : 'other', table: fileTable(f.name) })
        }
      }
      const wal = new WalSegments(segmentSize, pageSize, segments)
      const { transactions, records } = assembleTransactions(raw, names, (r) => wal.record(r.lsn, r.length))
      return {
        kind: database.kind,
        range: { start: formatLsn(start), end: formatLsn(end) },
        heap,
        pages,
        wal: transactions,
        walRecords: records,
        walBytes: wal.raw(start, end),
        walStream: wal.stream(start, end),
        files,
      }
    },
    async close() {
      if (closed) return
      closed = true
      if (client) await client.end().catch(() => {}) // ends the temporary slot with the session
      else await query(`select pg_drop_replication_slot($1)`, [slot]).catch(() => {})
    },
  }
}

/**
 * A temporary physical slot reserving WAL now. max_replication_slots (10 by default) is shared by
 * every test file running at once: when all are taken, wait for one to be released.
 */
async function createSlot(client: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.query('select pg_create_physical_replication_slot($1, true, true)', [name])
      return
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code === '53400' && attempt < 60) await new Promise((r) => setTimeout(r, 500))
      else if (code === '55000' || code === '53400') throw new StorageUnavailableError(`cannot create a replication slot to keep the WAL: ${(err as Error).message}`)
      else throw err
    }
  }
}
