/**
 * `npm run backup` and `npm run restore` (issue 12): the configured database to one file and back.
 *
 * - PostgreSQL: `pg_dump --format=custom`, taken in a snapshot the row counts it prints are read
 *   in too; restored with `pg_restore` into an empty database, in one transaction.
 * - Embedded PGlite: its own dump of `DATA_DIR/db` (`dumpDataDir`, a tar, gzipped here), taken
 *   under DATA_DIR's lock so that it never copies files a running server is writing; restored by
 *   loading it beside `DATA_DIR/db` and moving it into place only once it opened.
 *
 * The server secret (SERVER_SECRET, or DATA_DIR/server-secret) is never in a backup: it opens
 * the issuer keys in the database, so a backup and its secret kept apart are each useless to a
 * thief alone. A restore checks that the configured secret opens the backup's issuer keys
 * before it writes anything, and says what to do when it does not.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { type Kysely, sql } from 'kysely'
import type { Config } from '../config.js'
import { createPglite, type Database, openPglite, openPostgres } from '../db/database.js'
import { DataDirLockedError, lockDataDir } from '../db/lock.js'
import type { DB } from '../db/schema.js'
import { loadServerSecret, secretsFrom } from '../secrets.js'
import { openPrivateKey } from '../services/talk/crypto/keys.js'
import { BackupError } from './backup-error.js'
import { findPgTool, libpqConnection, runPgTool } from './pg-tools.js'
import { type TableCount, tableCounts } from './table-digests.js'

export { BackupError } from './backup-error.js'

export type BackupKind = Database['kind']

export interface BackupSummary {
  file: string
  kind: BackupKind
  bytes: number
  tables: TableCount[]
  /** The last migration the database had (the server applies newer ones at its next start). */
  migration: string | null
}

export interface RestoreSummary extends BackupSummary {
  /** Issuer keys the configured server secret opened (0: the backup has none to check it against). */
  keysOpened: number
  /** PGlite with --force: where the database that was in DATA_DIR/db went. */
  movedAside: string | null
  /** Said when the secret could not be checked, or was not (--ignore-secret). */
  warning: string | null
}

export interface BackupOptions {
  /** Replace an existing file of that name. */
  force?: boolean
}

export interface RestoreOptions {
  /** Restore into a database that is not empty (PostgreSQL: drop the backup's objects first; PGlite: move DATA_DIR/db aside). */
  force?: boolean
  /** Restore even though the configured secret does not open the backup's issuer keys (a lost secret). */
  ignoreSecret?: boolean
}

const gzip = promisify(zlib.gzip)
const gunzip = promisify(zlib.gunzip)

/** `watercooler-postgres-20261204T101500Z.dump`, `watercooler-pglite-….tar.gz`. */
export function defaultBackupName(kind: BackupKind, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  return `watercooler-${kind}-${stamp}.${kind === 'postgres' ? 'dump' : 'tar.gz'}`
}

/** Writes the configured database into `file` (atomically: a temporary file, then a rename). */
export async function backupDatabase(config: Config, file: string, opts: BackupOptions = {}): Promise<BackupSummary> {
  const target = path.resolve(file)
  if (!fs.existsSync(path.dirname(target))) throw new BackupError(`the directory ${path.dirname(target)} does not exist`)
  if (fs.existsSync(target) && !opts.force) throw new BackupError(`${target} already exists: name another file, or pass --force to replace it`)
  return config.databaseUrl ? backupPostgres(config.databaseUrl, target, opts) : backupEmbedded(config, target, opts)
}

async function backupPostgres(url: string, target: string, opts: BackupOptions): Promise<BackupSummary> {
  const database = openPostgres(url, 1)
  try {
    const pgDump = await findPgTool('pg_dump', await serverMajor(database.db))
    const { dbname, env } = libpqConnection(url)
    // pg_dump reads the snapshot this transaction exported: the counts printed are the dump's.
    return await database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const { rows } = await sql<{ s: string }>`select pg_export_snapshot() as s`.execute(trx)
        const tables = await tableCounts(trx)
        const migration = await latestMigration(trx)
        const bytes = await writeAtomically(target, opts.force ?? false, (tmp) =>
          runPgTool(pgDump, ['--format=custom', `--snapshot=${rows[0]!.s}`, `--file=${tmp}`, `--dbname=${dbname}`], env).then(() => undefined),
        )
        return { file: target, kind: 'postgres' as const, bytes, tables, migration }
      })
  } finally {
    await database.close()
  }
}

async function backupEmbedded(config: Config, target: string, opts: BackupOptions): Promise<BackupSummary> {
  const dir = embeddedDir(config)
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new BackupError(`there is no embedded database in ${dir}: nothing to back up (is DATA_DIR right? With DATABASE_URL set, the database is that PostgreSQL one)`)
  }
  const unlock = lockEmbedded(config, 'back up')
  try {
    const database = openPglite(await createPglite({ dataDir: dir }))
    try {
      const tables = await tableCounts(database.db)
      const migration = await latestMigration(database.db)
      // Writes the relation files up to date, so the copy needs no WAL replay to open.
      await sql`checkpoint`.execute(database.db)
      const tar = Buffer.from(await (await database.pglite!.dumpDataDir('none')).arrayBuffer())
      const packed = await gzip(tar)
      const bytes = await writeAtomically(target, opts.force ?? false, async (tmp) => fs.writeFileSync(tmp, packed))
      return { file: target, kind: 'pglite', bytes, tables, migration }
    } finally {
      await database.close()
    }
  } finally {
    unlock()
  }
}

/** Which database a backup file is for, by its first bytes (null: neither). */
export function backupKindOf(head: Buffer): BackupKind | null {
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres' // pg_dump's custom format
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite' // gzip: our tar.gz
  // A bare dumpDataDir tar; pg_dump's tar format (its first member toc.dat) is not what `npm run backup` writes.
  if (head.subarray(257, 262).toString('latin1') === 'ustar' && !head.subarray(0, 100).toString('latin1').startsWith('toc.dat')) return 'pglite'
  return null
}

/** Restores `file` into the configured database, which must be empty unless `force`. */
export async function restoreDatabase(config: Config, file: string, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  const source = path.resolve(file)
  let head: Buffer
  try {
    const fd = fs.openSync(source, 'r')
    head = Buffer.alloc(512)
    fs.readSync(fd, head, 0, 512, 0)
    fs.closeSync(fd)
  } catch (err) {
    throw new BackupError(`cannot read ${source}: ${(err as Error).message}`)
  }
  const kind = backupKindOf(head)
  const configured: BackupKind = config.databaseUrl ? 'postgres' : 'pglite'
  if (!kind) throw new BackupError(`${source} is not a Watercooler backup (neither pg_dump's custom format nor a PGlite data directory); a plain-SQL pg_dump is restored with psql`)
  if (kind !== configured) {
    throw new BackupError(
      kind === 'postgres'
        ? `${source} is a PostgreSQL backup (pg_dump), and the configured database is the embedded one: set DATABASE_URL to an empty PostgreSQL database to restore it`
        : `${source} is a backup of the embedded database (PGlite), and DATABASE_URL is set: unset it, and set DATA_DIR to where the embedded database should be`,
    )
  }
  return config.databaseUrl ? restorePostgres(config, config.databaseUrl, source, opts) : restoreEmbedded(config, source, opts)
}

async function restorePostgres(config: Config, url: string, source: string, opts: RestoreOptions): Promise<RestoreSummary> {
  const database = openPostgres(url, 1)
  try {
    const occupied = await userRelations(database.db)
    if (occupied.length && !opts.force) {
      throw new BackupError(
        `the database ${databaseName(url)} is not empty (${occupied.length} tables, sequences or views, such as ${occupied.slice(0, 3).join(', ')}): ` +
          'restore into an empty database (createdb), or pass --force to drop and recreate the objects the backup holds (pg_restore --clean; objects it does not hold stay)',
      )
    }
    const pgRestore = await findPgTool('pg_restore', await serverMajor(database.db))
    const { dbname, env } = libpqConnection(url)
    // The secret first, from the archive's own rows: a wrong one stops the restore before it writes.
    const copy = await runPgTool(pgRestore, ['--data-only', '--table=talk_issuer_key', '--file=-', source], env)
    const secret = checkSecret(config, issuerKeysFromCopy(copy), opts)
    // One transaction, stopped at the first error: a restore either happens whole or not at all.
    // Owners and grants are the target's: the roles of the server the backup came from may not exist here.
    const args = ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', ...(opts.force ? ['--clean', '--if-exists'] : []), `--dbname=${dbname}`, source]
    try {
      await runPgTool(pgRestore, args, env)
    } catch (err) {
      if (!(err instanceof BackupError)) throw err
      const blocked = opts.force ? ' With --force, objects the backup does not hold stay, and one that depends on the backup\'s objects stops the restore: drop it, or restore into an empty database.' : ''
      throw new BackupError(`${err.message}\nNothing was restored (pg_restore runs in one transaction).${blocked}`)
    }
    return { file: source, kind: 'postgres', bytes: fs.statSync(source).size, tables: await tableCounts(database.db), migration: await latestMigration(database.db), movedAside: null, ...secret }
  } finally {
    await database.close()
  }
}

async function restoreEmbedded(config: Config, source: string, opts: RestoreOptions): Promise<RestoreSummary> {
  const dir = embeddedDir(config)
  const unlock = lockEmbedded(config, 'restore')
  try {
    const occupied = fs.existsSync(dir) && fs.readdirSync(dir).length > 0
    if (occupied && !opts.force) {
      throw new BackupError(`${dir} already holds a database: restore into an empty DATA_DIR, or pass --force to move that one aside (to ${path.basename(dir)}.before-restore-<time>) and restore in its place`)
    }
    let tar = fs.readFileSync(source)
    if (tar[0] === 0x1f && tar[1] === 0x8b) tar = await gunzip(tar)
    // Loaded beside DATA_DIR/db, and moved into place only once it opened and its keys did.
    const staging = `${dir}.restoring-${crypto.randomBytes(4).toString('hex')}`
    try {
      let pglite
      try {
        pglite = await createPglite({ dataDir: staging, loadDataDir: new Blob([new Uint8Array(tar)]) })
      } catch (err) {
        throw new BackupError(`${source} did not load as a PGlite data directory: ${(err as Error).message}`)
      }
      const database = openPglite(pglite)
      let summary: Omit<RestoreSummary, 'movedAside'>
      try {
        const keys = (await hasTable(database.db, 'talk_issuer_key')) ? await database.db.selectFrom('talkIssuerKey').select(['keyId', 'privateKeySealed']).execute() : []
        const secret = checkSecret(config, keys, opts)
        summary = { file: source, kind: 'pglite', bytes: fs.statSync(source).size, tables: await tableCounts(database.db), migration: await latestMigration(database.db), ...secret }
      } finally {
        await database.close()
      }
      let movedAside: string | null = null
      if (occupied) {
        movedAside = `${dir}.before-restore-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`
        fs.renameSync(dir, movedAside)
      } else {
        fs.rmSync(dir, { recursive: true, force: true }) // an empty directory
      }
      fs.renameSync(staging, dir)
      return { ...summary, movedAside }
    } finally {
      fs.rmSync(staging, { recursive: true, force: true })
    }
  } finally {
    unlock()
  }
}

interface SealedKey {
  keyId: string
  privateKeySealed: Buffer
}

/**
 * Whether the configured server secret opens every issuer key of the backup; a BackupError that
 * says what to do when it does not (unless `ignoreSecret`, which only warns). Never generates a
 * secret: loadServerSecret would, and a new one can open nothing.
 */
export function checkSecret(config: Config, keys: readonly SealedKey[], opts: Pick<RestoreOptions, 'ignoreSecret'> = {}): { keysOpened: number; warning: string | null } {
  const file = path.join(config.dataDir, 'server-secret')
  const secret = config.serverSecret ?? (fs.existsSync(file) ? loadServerSecret(null, config.dataDir) : null)
  const where = `SERVER_SECRET, or ${file}`
  if (!keys.length) {
    return { keysOpened: 0, warning: secret ? null : `no server secret here (${where}) and no issuer keys in the backup to check one against: if the backup's server had a secret, put it in place before starting the server` }
  }
  let problem: string | null = null
  if (!secret) {
    problem = `the backup holds ${keys.length} issuer keys sealed with its server's secret, and no secret is configured here (${where})`
  } else {
    const key = secretsFrom(secret).key('key-encryption')
    const closed = keys.filter((k) => {
      try {
        openPrivateKey(key, k.privateKeySealed, k.keyId)
        return false
      } catch {
        return true
      }
    })
    if (closed.length) problem = `${closed.length} of the backup's ${keys.length} issuer keys do not open with the configured server secret (${where}): it is not the secret of the server the backup was taken from`
  }
  if (!problem) return { keysOpened: keys.length, warning: null }
  const advice =
    'Backups never hold the secret: copy that server\'s DATA_DIR/server-secret (mode 0600) into DATA_DIR, or set SERVER_SECRET as it was, then restore again. ' +
    'Without it the server cannot issue Work Talk tokens, open two-step secrets, badge photos or résumés, or match work e-mail addresses; --ignore-secret restores anyway'
  if (opts.ignoreSecret) return { keysOpened: 0, warning: `${problem} (restored anyway: --ignore-secret)` }
  throw new BackupError(`not restored: ${problem}. ${advice}.`)
}

/** The key id and sealed private key of each row of `pg_restore --data-only --table=talk_issuer_key` (COPY text format). */
export function issuerKeysFromCopy(text: string): SealedKey[] {
  const lines = text.split('\n')
  const start = lines.findIndex((l) => /^COPY (public\.)?talk_issuer_key \(/.test(l))
  if (start < 0) return []
  const columns = /\(([^)]*)\)/.exec(lines[start]!)![1]!.split(',').map((c) => c.trim().replace(/^"|"$/g, ''))
  const [idAt, sealedAt] = [columns.indexOf('key_id'), columns.indexOf('private_key_sealed')]
  if (idAt < 0 || sealedAt < 0) return []
  const keys: SealedKey[] = []
  for (const line of lines.slice(start + 1)) {
    if (line === '\\.') break
    const fields = line.split('\t').map(unescapeCopy)
    keys.push({ keyId: fields[idAt]!, privateKeySealed: Buffer.from(fields[sealedAt]!.replace(/^\\x/, ''), 'hex') })
  }
  return keys
}

/** COPY's text-format escapes (backslash sequences); key ids and hex bytea use only `\\`. */
function unescapeCopy(field: string): string {
  const named: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }
  return field.replace(/\\(.)/g, (_m, c: string) => named[c] ?? c)
}

function embeddedDir(config: Config): string {
  return path.join(config.dataDir, 'db')
}

function lockEmbedded(config: Config, doing: string): () => void {
  try {
    return lockDataDir(config.dataDir)
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      // The lock's own advice ends with "or point DATA_DIR elsewhere", which is not one here: its first sentence names the holder.
      throw new BackupError(`${err.message.split('. ')[0]}. To ${doing} the embedded database, stop the server first: it holds DATA_DIR's lock while it runs, and a backup never copies files being written.`)
    }
    throw err
  }
}

/**
 * Writes through `write(tmp)` to a temporary file beside `target` (created first with mode 0600:
 * a backup holds password hashes and sealed keys), flushes it, then moves it into place — by a
 * hard link without `force`, which fails rather than replace a file that appeared meanwhile.
 */
async function writeAtomically(target: string, force: boolean, write: (tmp: string) => Promise<void>): Promise<number> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`)
  fs.closeSync(fs.openSync(tmp, 'wx', 0o600))
  try {
    await write(tmp)
    const fd = fs.openSync(tmp, 'r+')
    fs.fsyncSync(fd)
    fs.closeSync(fd)
    if (force) fs.renameSync(tmp, target)
    else {
      try {
        fs.linkSync(tmp, target)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupError(`${target} appeared while the backup was written: name another file, or pass --force to replace it`)
        throw err
      }
    }
    const dir = fs.openSync(path.dirname(target), 'r')
    fs.fsyncSync(dir)
    fs.closeSync(dir)
    return fs.statSync(target).size
  } finally {
    fs.rmSync(tmp, { force: true })
  }
}

async function serverMajor(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ v: number }>`select current_setting('server_version_num')::int / 10000 as v`.execute(db)
  return rows[0]!.v
}

async function hasTable(db: Kysely<DB>, table: string): Promise<boolean> {
  const { rows } = await sql<{ t: string | null }>`select to_regclass(${`public.${table}`})::text as t`.execute(db)
  return rows[0]!.t !== null
}

async function latestMigration(db: Kysely<DB>): Promise<string | null> {
  if (!(await hasTable(db, 'kysely_migration'))) return null
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db)
  return rows[0]?.name ?? null
}

/** Tables, sequences, views and foreign tables outside the system schemas (extensions' own included: an empty database has none). */
async function userRelations(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ r: string }>`
    select n.nspname || '.' || c.relname as r from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
    order by 1`.execute(db)
  return rows.map((row) => row.r)
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || '(the default)'
}
