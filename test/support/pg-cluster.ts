import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './net.js'

/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary directory, trust auth on
 * 127.0.0.1), for tests that stop, restart or crash the server: the shared one of the test run
 * serves every other test file at the same time. Root cannot run postgres, so as root the cluster
 * belongs to the `postgres` OS user (as in .ci/run).
 */
export interface PgCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string
  start(): void
  /** `pg_ctl stop -m MODE` (immediate: no checkpoint, as a crash; the next start replays the WAL). */
  stop(mode: 'fast' | 'immediate'): void
  destroy(): void
}

/** The newest installed server's bin directory, or null (then tests needing it skip and say why). */
export function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql'
  if (!fs.existsSync(root)) return null
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(a) - Number(b))
  return versions.length ? path.join(root, versions.at(-1)!, 'bin') : null
}

export async function createPgCluster(): Promise<PgCluster> {
  const bin = pgBinDir()
  if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin')
  const asRoot = process.getuid?.() === 0
  // Short: the unix socket lives here too (socket paths are limited to ~107 bytes).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-pgc-'))
  const data = path.join(dir, 'data')
  if (asRoot) execFileSync('chown', ['postgres', dir])
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : path.join(bin, cmd), asRoot ? ['-u', 'postgres', '--', path.join(bin, cmd), ...args] : args, { cwd: dir, stdio: 'pipe' })
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-N', '-E', 'UTF8', '--locale=C'])
  const port = await freePort()
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`
  const cluster: PgCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => void run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', options, '-w', '-t', '30', 'start']),
    stop: (mode) => void run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']),
    destroy() {
      try {
        if (fs.existsSync(path.join(data, 'postmaster.pid'))) cluster.stop('immediate')
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    },
  }
  cluster.start()
  return cluster
}
