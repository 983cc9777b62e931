/**
 * `npm run restore -- FILE [--force] [--ignore-secret]`: a file of `npm run backup` into the
 * configured database (DATABASE_URL, else the embedded PGlite in DATA_DIR), which must be empty
 * (server/src/admin/backup.ts). `npm run restore -- --help` says more.
 */
import { restoreDatabase } from '../server/src/admin/backup.js'
import { formatBytes, formatCounts } from '../server/src/admin/table-digests.js'
import { backupCommand } from './backup-cli.js'

const HELP = `usage: npm run restore -- FILE [--force] [--ignore-secret]

Restores a file written by \`npm run backup\` into the configured database, which must be EMPTY:

  PostgreSQL (DATABASE_URL set): a database with no tables (createdb watercooler_restored), with
    pg_restore in one transaction (all or nothing); owners and grants become the connecting
    user's. A backup of the embedded database cannot be restored into PostgreSQL, nor the reverse.
  Embedded (DATA_DIR): DATA_DIR/db must not exist or be empty; the backup is loaded beside it and
    moved into place once it opened. Stop any server using DATA_DIR first (it holds the lock).

Before writing anything, it checks that the configured server secret (SERVER_SECRET, or
DATA_DIR/server-secret) opens the backup's Work Talk issuer keys: backups never hold the secret,
so copy the original server's secret into place first.

  --force           restore into a database that is not empty. PostgreSQL: drop and recreate the
                    objects the backup holds (pg_restore --clean --if-exists; others stay).
                    Embedded: move DATA_DIR/db aside to DATA_DIR/db.before-restore-<time>.
  --ignore-secret   restore even though the secret does not open the backup's keys (a lost
                    secret: tokens, two-step secrets and work e-mail matches will not work)
  --help            this text`

const { args, config, where, fail, run } = backupCommand('restore', HELP, { force: { type: 'boolean', default: false }, 'ignore-secret': { type: 'boolean', default: false } })
if (args.positionals.length !== 1) fail(`name one backup file\n${HELP}`, 2)

console.log(`restoring ${args.positionals[0]} into ${where}…`)
const started = performance.now()
await run(async () => {
  const s = await restoreDatabase(config, args.positionals[0]!, { force: args.values.force, ignoreSecret: args.values['ignore-secret'] })
  console.log(`restored ${s.file} (${formatBytes(s.bytes)}) in ${((performance.now() - started) / 1000).toFixed(1)} s; schema at migration ${s.migration ?? '(none)'} (the server applies newer ones at its start)`)
  if (s.movedAside) console.log(`the database that was there is now ${s.movedAside}: delete it once you no longer need it`)
  console.log('rows restored:')
  for (const line of formatCounts(s.tables)) console.log(line)
  if (s.keysOpened) console.log(`the configured server secret opens all ${s.keysOpened} issuer keys of the backup`)
  if (s.warning) console.warn(`warning: ${s.warning}`)
})
