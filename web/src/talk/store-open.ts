import { databaseNameFor, legacyDatabaseNameFor } from './db-name.js'
import { databaseExists, deleteDatabase, IdbStore, withLock } from './idb.js'

/**
 * Opens an account's Work Talk store under its salted name (db-name.ts), first moving a database
 * left under the unsalted name of earlier versions into it: every value is copied (values already
 * in the new database win), the old database is deleted, and draft backups in localStorage move too.
 */
export async function openTalkStore(accountId: string): Promise<IdbStore> {
  const name = databaseNameFor(accountId)
  const legacy = legacyDatabaseNameFor(accountId)
  // Unknown (the browser cannot list databases): do not open the old name, that would create it.
  if ((await databaseExists(legacy)) === true) {
    await withLock('wc-talk-migrate', () => migrate(legacy, name)).catch((e: unknown) => console.warn('Work Talk: the old local data could not be moved', e))
  }
  return new IdbStore(name)
}

async function migrate(from: string, to: string): Promise<void> {
  if ((await databaseExists(from)) !== true) return // another tab did it while we waited for the lock
  const old = new IdbStore(from)
  const entries = await old.entries()
  await old.close()
  const store = new IdbStore(to)
  for (const [key, value] of entries) {
    if (value instanceof Blob) await store.putBlob(key, value)
    else await store.update<unknown>(key, (current) => current ?? value)
  }
  await store.close()
  moveLocalStorage(`${from}/`, `${to}/`)
  await deleteDatabase(from)
}

function moveLocalStorage(fromPrefix: string, toPrefix: string): void {
  try {
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith(fromPrefix)) continue
      const target = toPrefix + key.slice(fromPrefix.length)
      const value = localStorage.getItem(key)
      if (value !== null && localStorage.getItem(target) === null) localStorage.setItem(target, value)
      localStorage.removeItem(key)
    }
  } catch {
    // No localStorage: nothing was backed up there either.
  }
}

/** Removes every localStorage entry under a database's prefix (its draft backups). */
export function removeLocalStorage(prefix: string): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(prefix)) localStorage.removeItem(key)
  } catch {
    // nothing stored
  }
}
