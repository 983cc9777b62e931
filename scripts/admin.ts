/**
 * `npm run admin -- <command>`: operator commands, run against the configured database.
 *
 *   npm run admin -- role <login e-mail> <member|reviewer|admin>
 *   npm run admin -- legal-export <login e-mail>
 *
 * With the embedded database, stop the server first (it holds DATA_DIR's lock).
 */
import { AdminCommandError, legalExport, setRole } from '../server/src/admin/commands.js'
import { ConfigError, envToConfig, readEnv } from '../server/src/config.js'
import { createAppContext } from '../server/src/context.js'
import { DataDirLockedError, lockDataDir } from '../server/src/db/lock.js'
import { migrateToLatest } from '../server/src/db/migrate.js'

const [command, ...args] = process.argv.slice(2)
const usage = 'usage: npm run admin -- role <email> <member|reviewer|admin> | legal-export <email>'

try {
  const config = envToConfig(readEnv())
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir)
  const ctx = await createAppContext(config)
  try {
    await migrateToLatest(ctx.db)
    if (command === 'role' && args.length === 2) console.log(await setRole(ctx, args[0]!, args[1]!))
    else if (command === 'legal-export' && args.length === 1) console.log(JSON.stringify(await legalExport(ctx, args[0]!), null, 2))
    else {
      console.error(usage)
      process.exitCode = 2
    }
  } finally {
    await ctx.close()
    unlock()
  }
} catch (err) {
  if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof AdminCommandError) {
    console.error(`admin: ${err.message}`)
    process.exitCode = 1
  } else throw err
}
