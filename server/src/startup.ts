import { type Config, ConfigError, envToConfig, readEnv } from './config.js'
import { DataDirLockedError, lockDataDir } from './db/lock.js'

/**
 * The first steps every command that opens the configured database takes (the server, the seed):
 * read the environment, and take the DATA_DIR lock when the database is the embedded one. A bad
 * variable or a DATA_DIR in use ends the command through `fail` with a message that says why.
 * Returns the configuration and the function that releases the lock (nothing to release on
 * PostgreSQL).
 */
export function configureAndLock(fail: (message: string) => never): { config: Config; unlock: () => void } {
  let config: Config
  try {
    config = envToConfig(readEnv())
  } catch (err) {
    if (err instanceof ConfigError) fail(`configuration error: ${err.message}`)
    throw err
  }
  let unlock = () => {}
  if (!config.databaseUrl) {
    try {
      unlock = lockDataDir(config.dataDir)
    } catch (err) {
      if (err instanceof DataDirLockedError) fail(err.message)
      throw err
    }
  }
  return { config, unlock }
}
