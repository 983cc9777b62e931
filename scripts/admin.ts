/**
 * `npm run admin -- <command>`: operator commands, run against the configured database.
 *
 *   npm run admin -- role <login e-mail> <member|reviewer|moderator|admin>
 *   npm run admin -- merge <from-slug> <into-slug>
 *   npm run admin -- legal-export <login e-mail>
 *   npm run admin -- legal-add <received YYYY-MM-DD> <kind> <authority> [reference] [login e-mail]
 *   npm run admin -- legal-list
 *   npm run admin -- legal-answer <request id>   (the allow-listed export, recorded as disclosed)
 *   npm run admin -- legal-close <request id>    (nothing disclosed)
 *
 * With the embedded database, stop the server first (it holds DATA_DIR's lock).
 */
import { AdminCommandError, addLegalRequest, answerLegalRequest, closeLegalRequest, legalExport, listLegalRequests, mergeCommand, setRole } from '../server/src/admin/commands.js'
import { ConfigError, envToConfig, readEnv } from '../server/src/config.js'
import { createAppContext } from '../server/src/context.js'
import { DataDirLockedError, lockDataDir } from '../server/src/db/lock.js'
import { migrateToLatest } from '../server/src/db/migrate.js'

const [command, ...args] = process.argv.slice(2)
const today = () => new Date().toISOString().slice(0, 10)
const usage =
  'usage: npm run admin -- role <email> <member|reviewer|moderator|admin> | merge <from> <into> | legal-export <email> | legal-add <day> <kind> <authority> [reference] [email] | legal-list | legal-answer <id> | legal-close <id>'

try {
  const config = envToConfig(readEnv())
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir)
  const ctx = await createAppContext(config)
  try {
    await migrateToLatest(ctx.db)
    if (command === 'role' && args.length === 2) console.log(await setRole(ctx, args[0]!, args[1]!))
    else if (command === 'legal-export' && args.length === 1) console.log(JSON.stringify(await legalExport(ctx, args[0]!), null, 2))
    else if (command === 'merge' && args.length === 2) console.log(await mergeCommand(ctx, args[0]!, args[1]!))
    else if (command === 'legal-add' && args.length >= 3 && args.length <= 5) {
      const [receivedOn, kind, authority, reference, accountEmail] = args as [string, string, string, string?, string?]
      console.log(await addLegalRequest(ctx, { receivedOn, kind, authority, ...(reference !== undefined && { reference }), ...(accountEmail !== undefined && { accountEmail }) }))
    } else if (command === 'legal-list' && args.length === 0) console.log(JSON.stringify(await listLegalRequests(ctx), null, 2))
    else if (command === 'legal-answer' && args.length === 1) console.log(JSON.stringify(await answerLegalRequest(ctx, args[0]!, today()), null, 2))
    else if (command === 'legal-close' && args.length === 1) console.log(await closeLegalRequest(ctx, args[0]!, today()))
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
