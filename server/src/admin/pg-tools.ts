/**
 * PostgreSQL's own client programs, for `npm run backup` / `npm run restore` on PostgreSQL:
 * finding a pg_dump / pg_restore that can read this server, and running them without putting the
 * password on a command line (where `ps` would show it to every user of the machine).
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { BackupError } from './backup-error.js'

const run = promisify(execFile)

export type PgTool = 'pg_dump' | 'pg_restore'

/** Where Debian and Ubuntu keep each major version's programs (the /usr/bin ones are a wrapper that picks one). */
const DEBIAN_DIR = '/usr/lib/postgresql'

/**
 * The program's path, of a major version that can read a server (or an archive) of `major`: a
 * pg_dump older than the server refuses it, a pg_restore older than the pg_dump that wrote an
 * archive cannot read it. Tried in order: Debian's directory of that very version, PATH, then
 * Debian's newer versions. Throws BackupError naming what was looked at.
 */
export async function findPgTool(tool: PgTool, major: number): Promise<string> {
  const newer = listDebianMajors().filter((m) => m > major).map((m) => path.join(DEBIAN_DIR, String(m), 'bin', tool))
  const candidates = [path.join(DEBIAN_DIR, String(major), 'bin', tool), tool, ...newer]
  const seen: string[] = []
  for (const candidate of candidates) {
    const version = await versionOf(candidate)
    if (version === null) continue
    if (version >= major) return candidate
    seen.push(`${candidate} is version ${version}`)
  }
  throw new BackupError(
    `no ${tool} of PostgreSQL ${major} or newer (looked in ${DEBIAN_DIR}/${major}/bin, on PATH and in newer ${DEBIAN_DIR}/*/bin${seen.length ? `; ${seen.join(', ')}` : ''}). ` +
      `Install PostgreSQL's client programs of the server's version (Debian: apt-get install postgresql-client-${major}).`,
  )
}

function listDebianMajors(): number[] {
  try {
    return fs
      .readdirSync(DEBIAN_DIR)
      .filter((d) => /^\d+$/.test(d))
      .map(Number)
      .sort((a, b) => a - b)
  } catch {
    return []
  }
}

/** The major version a program says it is ("pg_dump (PostgreSQL) 15.18 …" → 15), or null when it does not run. */
async function versionOf(program: string): Promise<number | null> {
  try {
    const { stdout } = await run(program, ['--version'])
    const m = /\(PostgreSQL\)\s+(\d+)/.exec(stdout)
    return m ? Number(m[1]) : null
  } catch {
    return null
  }
}

/**
 * A connection for libpq's programs: the URL without its password (passed as `--dbname`), and the
 * password in the child's environment (PGPASSWORD), which other users cannot read.
 */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url)
  const password = u.password ? decodeURIComponent(u.password) : null
  u.password = ''
  // Passed through to the child as it is (PGSSLMODE, PGHOST, … still apply); this is not configuration.
  const env: NodeJS.ProcessEnv = { ...process.env }
  if (password !== null) env.PGPASSWORD = password
  return { dbname: u.toString(), env }
}

/** Runs a program to its end; a non-zero exit is a BackupError with what it wrote to stderr. */
export async function runPgTool(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(program, args, { env, maxBuffer: 64 * 1024 * 1024 })
    return stdout
  } catch (err) {
    const e = err as Error & { stderr?: string; code?: number | string }
    const said = (e.stderr ?? '').trim() || e.message
    throw new BackupError(`${path.basename(program)} failed (exit ${e.code ?? '?'}): ${said}`)
  }
}
