import { existingDatabaseNameFor, legacyDatabaseNameFor } from './db-name.js'
import { databaseExists, deleteDatabase, IdbStore } from './idb.js'
import { isUnsent, OUTBOX_KEY, type OutboxItem } from './outbox.js'
import { removeLocalStorage } from './store-open.js'

/** The databases that may hold this account's Work Talk data here: the salted one and an unmigrated old one. */
function namesFor(accountId: string): string[] {
  return [existingDatabaseNameFor(accountId), legacyDatabaseNameFor(accountId)].filter((n): n is string => n !== null)
}

/**
 * Deletes everything Work Talk keeps for this account in this browser: its IndexedDB database
 * (tokens, pseudonym master secret, opener nonces, drafts, outbox, key pins) under its salted and
 * its old name, and the draft backups in localStorage. The device salt stays: it names other
 * accounts' databases too, and alone it says nothing. Stop the account's runtime first, or its
 * open connection delays the deletion until it closes.
 */
export async function forgetWorkTalkOnThisDevice(accountId: string): Promise<void> {
  for (const name of namesFor(accountId)) {
    removeLocalStorage(`${name}/`)
    await deleteDatabase(name)
  }
}

/** How many anonymous writes of this account wait in this browser's outbox, not yet stored by the server. */
export async function unsentWorkTalkPosts(accountId: string): Promise<number> {
  let count = 0
  for (const name of namesFor(accountId)) {
    // Opening a database that does not exist would create it: only look into one that does.
    if ((await databaseExists(name)) === false) continue
    const store = new IdbStore(name)
    try {
      const outbox = await store.get(OUTBOX_KEY)
      if (Array.isArray(outbox)) count += (outbox as OutboxItem[]).filter(isUnsent).length
    } finally {
      await store.close()
    }
  }
  return count
}
