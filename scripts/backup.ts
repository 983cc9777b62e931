/**
 * `npm run backup -- [FILE] [--force]`: the configured database (DATABASE_URL, else the embedded
 * PGlite in DATA_DIR, read from the environment as the server reads it) into one file
 * (server/src/admin/backup.ts). `npm run backup -- --help` says more.
 */
import { backupDatabase, defaultBackupName } from '../server/src/admin/backup.js'
import { formatBytes, formatCounts } from '../server/src/admin/table-digests.js'
import { backupCommand } from './backup-cli.js'

const HELP = `usage: npm run backup -- [FILE] [--force]

Writes the configured database into FILE (default: watercooler-<postgres|pglite>-<UTC time>.dump
or .tar.gz in the current directory), through a temporary file renamed into place, mode 0600.

  PostgreSQL (DATABASE_URL set): pg_dump --format=custom, in one snapshot; needs a pg_dump of the
    server's major version or newer (/usr/lib/postgresql/<major>/bin, or on PATH).
  Embedded (DATA_DIR/db): PGlite's own copy of its data directory, gzipped. Stop the server
    first: it holds DATA_DIR's lock, and a backup never copies files a running server writes.

The server secret (SERVER_SECRET, or DATA_DIR/server-secret) is NOT in the backup: keep a copy
of it apart from the backups; a restore without it cannot open the Work Talk issuer keys.

  --force   replace FILE if it exists
  --help    this text`

const { args, config, where, fail, run } = backupCommand('backup', HELP, { force: { type: 'boolean', default: false } })
if (args.positionals.length > 1) fail(`one file at most\n${HELP}`, 2)

const kind = config.databaseUrl ? 'postgres' : 'pglite'
const file = args.positionals[0] ?? defaultBackupName(kind, new Date())
console.log(`backing up ${where}…`)
const started = performance.now()
await run(async () => {
  const s = await backupDatabase(config, file, { force: args.values.force })
  console.log(`wrote ${s.file} (${formatBytes(s.bytes)}, ${s.kind === 'postgres' ? 'pg_dump custom format' : 'PGlite data directory, tar.gz'}) in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  console.log(`schema at migration ${s.migration ?? '(none)'}; rows in the backup:`)
  for (const line of formatCounts(s.tables)) console.log(line)
  console.log('the server secret is not in it: keep a copy of SERVER_SECRET or DATA_DIR/server-secret apart from your backups')
})
