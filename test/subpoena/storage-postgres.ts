/**
 * What the storage adversary needs from a PostgreSQL server besides SQL: the cluster's files
 * (the data directory, read directly: this only works on the machine that runs the server, as a
 * user allowed to read it — root or the postgres user), a pg_waldump of the server's major version,
 * and pg_dump.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import type pg from 'pg'
import { parseWaldumpLine, type RawWalRecord, formatLsn } from './storage-wal.js'

const run = promisify(execFile)
const MAX_OUTPUT = 1024 * 1024 * 1024

export interface PostgresAccess {
  dataDir: string
  waldump: string
  timeline: number
}

/**
 * The pg_waldump that reads this server's WAL: the WAL format changes between major versions, so
 * Debian's /usr/lib/postgresql/<major>/bin (where .ci/run finds the server binaries too; it is
 * not on PATH), else one on PATH if it is that version.
 */
async function findWaldump(major: number): Promise<string | null> {
  const candidates = [`/usr/lib/postgresql/${major}/bin/pg_waldump`, 'pg_waldump']
  for (const c of candidates) {
    try {
      const { stdout } = await run(c, ['--version'])
      if (new RegExp(`\\b${major}(\\.|\\b)`).test(stdout)) return c
    } catch {
      // not there: try the next
    }
  }
  return null
}

/**
 * Whether this process can read the server's storage; a reason when not. The data directory is
 * the server's own (`SHOW data_directory`), and its global/pg_control must carry the server's
 * system identifier: a path that exists here but belongs to another cluster (a server in a
 * container, on another host) would otherwise be read silently.
 */
export async function probePostgres(client: pg.Client): Promise<PostgresAccess | string> {
  const { rows } = await client.query<{ su: boolean; major: number; sysid: string; timeline: number }>(
    `select (select rolsuper from pg_roles where rolname = current_user) as su, current_setting('server_version_num')::int / 10000 as major,
       (select system_identifier::text from pg_control_system()) as sysid, (select timeline_id from pg_control_checkpoint()) as timeline`,
  )
  const { su, major, sysid, timeline } = rows[0]!
  if (!su) return 'the database user is not a superuser (pageinspect, CHECKPOINT, SHOW data_directory and replication slots need one)'
  const dataDir = (await client.query<{ d: string }>('select setting as d from pg_settings where name = $1', ['data_directory'])).rows[0]!.d
  let control: Buffer
  try {
    control = fs.readFileSync(path.join(dataDir, 'global', 'pg_control'))
  } catch (err) {
    return `cannot read the server's data directory ${dataDir} (${(err as Error).message}); run the tests as root or as the server's OS user, on the server's machine`
  }
  if (control.readBigUInt64LE(0).toString() !== sysid) return `${dataDir} on this machine is not the server's data directory (system identifier differs): is the server remote or in a container?`
  try {
    fs.readdirSync(path.join(dataDir, 'pg_wal'))
  } catch (err) {
    return `cannot list ${dataDir}/pg_wal (${(err as Error).message})`
  }
  const waldump = await findWaldump(major)
  if (!waldump) return `no pg_waldump for PostgreSQL ${major} (looked in /usr/lib/postgresql/${major}/bin and on PATH; Debian: apt-get install postgresql-${major})`
  try {
    await run('pg_dump', ['--version'])
  } catch {
    return 'pg_dump is not on PATH'
  }
  return { dataDir, waldump, timeline }
}

/**
 * Records in [start, end). TZ=UTC: pg_waldump prints COMMIT times in its own local zone, by
 * abbreviation. The range must already be on disk (see the CHECKPOINT in storage.ts): past the
 * last written record pg_waldump stops with "invalid magic number" / "invalid record length".
 */
export async function waldump(access: PostgresAccess, start: bigint, end: bigint, segmentName: (lsn: bigint) => string): Promise<RawWalRecord[]> {
  if (end <= start) return []
  // The first and last segment are named: without them pg_waldump learns the segment size from
  // whichever segment file readdir() lists first, and a preallocated, still zero-filled one made
  // it fail ("header specifies 0 bytes"); with the first alone, -e must lie in that same file.
  // The timeline comes from the names.
  const args = ['-p', path.join(access.dataDir, 'pg_wal'), '-s', formatLsn(start), '-e', formatLsn(end), segmentName(start), segmentName(end - 1n)]
  let stdout: string
  try {
    ;({ stdout } = await run(access.waldump, args, { maxBuffer: MAX_OUTPUT, env: { ...process.env, TZ: 'UTC' } }))
  } catch (err) {
    const e = err as Error & { stderr?: string }
    throw new Error(`${access.waldump} ${args.join(' ')} failed: ${e.stderr || e.message}`)
  }
  return stdout.split('\n').flatMap((l) => parseWaldumpLine(l) ?? [])
}

/** The database's directory under base/: every relation file (heap, toast, indexes, catalogs; fsm and vm forks). */
export function relationFiles(access: PostgresAccess, dbOid: number): { name: string; bytes: Buffer }[] {
  const dir = path.join(access.dataDir, 'base', String(dbOid))
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((f) => {
      try {
        return [{ name: `base/${dbOid}/${f}`, bytes: fs.readFileSync(path.join(dir, f)) }]
      } catch {
        return [] // dropped between the listing and the read
      }
    })
}

/** The segment files that hold [start, end], by segment number (those of the current timeline). */
export function walSegmentFiles(access: PostgresAccess, segnos: bigint[], segmentName: (segno: bigint) => string): Map<bigint, { name: string; bytes: Buffer }> {
  const out = new Map<bigint, { name: string; bytes: Buffer }>()
  for (const segno of segnos) {
    const name = segmentName(segno)
    const file = path.join(access.dataDir, 'pg_wal', name)
    if (fs.existsSync(file)) out.set(segno, { name: `pg_wal/${name}`, bytes: fs.readFileSync(file) })
  }
  return out
}

export async function pgDump(url: string): Promise<Buffer> {
  try {
    const { stdout } = await run('pg_dump', ['--no-owner', url], { maxBuffer: MAX_OUTPUT, encoding: 'buffer' })
    return stdout
  } catch (err) {
    const e = err as Error & { stderr?: Buffer }
    throw new Error(`pg_dump failed: ${e.stderr?.toString() || e.message}`)
  }
}
