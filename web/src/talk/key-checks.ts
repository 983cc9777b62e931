import type { KeyDirectory } from '../../../shared/src/api/talk.js'
import { checkDirectory, KeyCheckError, retirementsOf, verifyKeyLog, type KeyCheckReason, type KeyLogEntry, type LogHead } from '../../../shared/src/talk/key-check.js'
import { epochUsable } from '../../../shared/src/talk/wallet.js'
import { anonymousApi } from './anon-fetch.js'
import { withLock, type IdbStore } from './idb.js'
import type { DirectoryEntry } from './voices.js'

/**
 * What this browser accepted of the server's keys (DESIGN §2): the last directory that passed
 * every check, the pins (scope → keyId) and the log head it was checked against, and the keys it
 * has seen (their anonymity sets are shown for tokens of last epoch's key, which the directory no
 * longer lists). A failed check is kept too: Work Talk stays paused on this device until a later
 * check passes, and the pages say why.
 */
export interface KeyState {
  directory: KeyDirectory | null
  /** When `directory` was fetched: a draw waits a few minutes after it. */
  fetchedAt: number
  pins: Record<string, string>
  head: LogHead
  seen: Record<string, DirectoryEntry>
  failure: { reason: KeyCheckReason; at: number } | null
  /** Keys a company merge retired (the log's retirement entries): keyId → the survivor their tokens speak for. */
  retired?: Record<string, string>
}

const KEY = 'keyChecks'
const EMPTY: KeyState = { directory: null, fetchedAt: 0, pins: {}, head: { seq: 0, hash: '' }, seen: {}, failure: null }

export type RefreshResult = 'accepted' | 'refused' | 'unavailable'

/** The directory names a log head the log we hold does not reach (yet). */
function checkHead(directory: KeyDirectory, entries: readonly KeyLogEntry[]): void {
  const { seq, hash } = directory.logHead
  if (seq === 0) return
  if (seq > entries.length) throw new KeyCheckError('missing_from_log', `the directory names log entry ${seq}, the log has ${entries.length}`)
  if (entries[seq - 1]?.hash !== hash) throw new KeyCheckError('rewritten', `log entry ${seq} is not the one the directory names`)
}

/** Keeps pins and seen keys of epochs still usable (the current and the previous one). */
function pruned(state: Pick<KeyState, 'pins' | 'seen'>, now: Date): Pick<KeyState, 'pins' | 'seen'> {
  const pins: Record<string, string> = {}
  for (const [scope, keyId] of Object.entries(state.pins)) {
    try {
      const [, purpose, epoch] = JSON.parse(scope) as [string | null, string, string]
      if (epochUsable(purpose, epoch, now)) pins[scope] = keyId
    } catch {
      // A pin we cannot read is one we never wrote.
    }
  }
  const seen = Object.fromEntries(Object.entries(state.seen).filter(([, k]) => epochUsable(k.purpose, k.epoch, now)))
  return { pins, seen }
}

export class KeyChecks {
  readonly #store: IdbStore
  #state: KeyState = EMPTY

  constructor(store: IdbStore) {
    this.#store = store
  }

  get state(): KeyState {
    return this.#state
  }

  async load(): Promise<KeyState> {
    const saved = (await this.#store.get(KEY)) as Partial<KeyState> | undefined
    this.#state = { ...EMPTY, ...(saved ?? {}) }
    return this.#state
  }

  /**
   * Fetches the log and the directory (public, no cookie) and checks them: the log only grew since
   * the head we hold, the directory's keys are each in the log, one per scope, as pinned before.
   * A check that fails refuses the directory and records the reason; a network failure changes nothing.
   */
  refresh(): Promise<RefreshResult> {
    return withLock(`${this.#store.name}/keys`, async () => {
      const saved = await this.load()
      let log: KeyLogEntry[]
      let directory: KeyDirectory
      try {
        log = (await anonymousApi.keyLog()).entries
        directory = await anonymousApi.keys()
      } catch (e) {
        console.warn('Work Talk: the key directory could not be loaded', e)
        return 'unavailable'
      }
      try {
        let accepted: KeyState
        try {
          accepted = await this.#check(saved, directory, log)
        } catch (e) {
          // The directory may name a key logged after our log fetch: fetch the log once more.
          if (!(e instanceof KeyCheckError) || e.reason !== 'missing_from_log') throw e
          log = (await anonymousApi.keyLog()).entries
          accepted = await this.#check(saved, directory, log)
        }
        await this.#save(accepted)
        return 'accepted'
      } catch (e) {
        if (!(e instanceof KeyCheckError)) {
          console.warn('Work Talk: the key log could not be loaded', e)
          return 'unavailable'
        }
        console.warn('Work Talk: the server’s keys failed the check; nothing of them is used', e)
        await this.#save({ ...saved, failure: { reason: e.reason, at: Date.now() } })
        return 'refused'
      }
    })
  }

  async #check(saved: KeyState, directory: KeyDirectory, log: KeyLogEntry[]): Promise<KeyState> {
    const head = verifyKeyLog(log, saved.head)
    checkHead(directory, log)
    const pins = await checkDirectory(directory.keys, log, saved.pins)
    const now = new Date()
    const seen = { ...saved.seen }
    for (const k of directory.keys) seen[k.keyId] = k
    return { directory, fetchedAt: now.getTime(), head, failure: null, retired: Object.fromEntries(retirementsOf(log)), ...pruned({ pins, seen }, now) }
  }

  async #save(state: KeyState): Promise<void> {
    await this.#store.set(KEY, state)
    this.#state = state
  }
}
