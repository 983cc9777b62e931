import { parseArgs, type ParseArgsConfig } from 'node:util'
import { BackupError } from '../server/src/admin/backup.js'
import { type Config, ConfigError, envToConfig, readEnv } from '../server/src/config.js'

/**
 * What `npm run backup` and `npm run restore` share: their arguments (`--help` prints `help`; a
 * wrong one exits 2), the configuration read as the server reads it, a line naming the database,
 * and how a failure ends (`<command>: why`, exit 1).
 */
export function backupCommand<O extends NonNullable<ParseArgsConfig['options']>>(command: string, help: string, options: O) {
  const fail = (message: string, code = 1): never => {
    console.error(`${command}: ${message}`)
    process.exit(code)
  }
  let args
  try {
    args = parseArgs({ options: { ...options, help: { type: 'boolean', default: false } }, allowPositionals: true, strict: true })
  } catch (err) {
    return fail(`${(err as Error).message}\n${help}`, 2)
  }
  if ((args.values as { help?: boolean }).help) {
    console.log(help)
    process.exit(0)
  }
  let config: Config
  try {
    config = envToConfig(readEnv())
  } catch (err) {
    if (err instanceof ConfigError) return fail(`configuration error: ${err.message}`)
    throw err
  }
  const where = config.databaseUrl ? `PostgreSQL database ${new URL(config.databaseUrl).pathname.slice(1) || '(default)'} on ${new URL(config.databaseUrl).host}` : `the embedded database in ${config.dataDir}/db`
  /** Runs the command's work; a BackupError ends it with its message. */
  const run = async (work: () => Promise<void>) => {
    try {
      await work()
    } catch (err) {
      if (err instanceof BackupError) fail(err.message)
      throw err
    }
  }
  return { args, config, where, fail, run }
}
