import type { TFunction } from 'i18next'
import type { FieldErrors } from '../lib/problem.js'
import { isBlank } from '../lib/validation.js'
import type { IdbStore } from './idb.js'
import type { ComposePoll, OutboxEntry } from './outbox.js'

/**
 * Composer drafts, saved to IndexedDB as the member types, so a reload, a crash or a failed send
 * never loses text. Scopes: "new" (the new-thread composer), "reply:<threadId>", "edit:<postId>".
 */
export interface Draft {
  title: string
  body: string
  channel: string
  label: 'company' | 'alias'
  voiceId: string
  /** "Publish within N minutes"; 0 = now. */
  delay: number
  /** New threads: the nonce the opener key comes from, fixed with the draft so its alias is known. */
  nonce?: string | undefined
  /**
   * Images of a refused or taken-back post, as this browser keeps them (runtime.draftImages reads
   * them back as Blobs; a composer that sends them again passes those Blobs in `images`).
   */
  images?: string[] | undefined
  /** A new thread's poll, as it was written. */
  poll?: ComposePoll | undefined
}

export const emptyDraft = (): Draft => ({ title: '', body: '', channel: 'general', label: 'company', voiceId: '', delay: 0 })

/** What a post needs before it is sent, new or edited: a title when it opens a thread, and a body. */
export function draftFieldErrors(t: TFunction, draft: Pick<Draft, 'title' | 'body'>, opensThread: boolean): FieldErrors {
  const fields: FieldErrors = {}
  if (opensThread && isBlank(draft.title)) fields['/title'] = t('talk.composer.titleRequired')
  if (isBlank(draft.body)) fields['/body'] = t('talk.composer.bodyRequired')
  return fields
}

const key = (scope: string) => `draft:${scope}`

/** The composer a written item came from: the new-thread composer, a thread's reply box, or a post's edit form. */
export function draftScopeOf(p: Pick<OutboxEntry, 'kind' | 'threadId' | 'postId'>): string | null {
  if (p.kind === 'thread') return 'new'
  if (p.kind === 'reply') return `reply:${p.threadId}`
  return p.kind === 'edit' ? `edit:${p.postId}` : null
}

export class Drafts {
  readonly #store: IdbStore
  readonly #listeners = new Set<(scope: string) => void>()

  constructor(store: IdbStore) {
    this.#store = store
  }

  /**
   * An IndexedDB write started while the page unloads may never complete, so on `pagehide` the
   * draft is also written synchronously to localStorage (under this account's database name) and
   * moved back into IndexedDB on the next load.
   */
  #backupKey(scope: string): string {
    return `${this.#store.name}/${key(scope)}`
  }

  backup(scope: string, draft: Draft): void {
    if (this.#store.gone) return // forgotten on this device: leave nothing behind
    try {
      localStorage.setItem(this.#backupKey(scope), JSON.stringify(draft))
    } catch {
      // Storage full or unavailable: the IndexedDB write is still under way.
    }
  }

  async load(scope: string): Promise<Draft | null> {
    let backup: Partial<Draft> | null = null
    try {
      const text = localStorage.getItem(this.#backupKey(scope))
      backup = text ? (JSON.parse(text) as Partial<Draft>) : null
    } catch {
      backup = null
    }
    if (backup && typeof backup === 'object') {
      const d = { ...emptyDraft(), ...backup }
      await this.#store.set(key(scope), d)
      this.#dropBackup(scope)
      return d
    }
    const v = (await this.#store.get(key(scope))) as Partial<Draft> | undefined
    return v && typeof v === 'object' ? { ...emptyDraft(), ...v } : null
  }

  /**
   * Saves a draft to IndexedDB. A pagehide backup is dropped only when it holds this very draft: a
   * backup written while an older save was still on its way holds newer text, and stays until a
   * save of that text completes (or the next load moves it).
   */
  async save(scope: string, draft: Draft): Promise<void> {
    await this.#store.set(key(scope), draft)
    this.#dropBackup(scope, JSON.stringify(draft))
  }

  async clear(scope: string): Promise<void> {
    this.#dropBackup(scope)
    await this.#store.remove(key(scope))
  }

  #dropBackup(scope: string, onlyIf?: string): void {
    try {
      if (onlyIf === undefined || localStorage.getItem(this.#backupKey(scope)) === onlyIf) localStorage.removeItem(this.#backupKey(scope))
    } catch {
      // nothing to drop
    }
  }

  /** Told when a draft changed outside its composer (a cancelled or refused post came back). */
  subscribe(listener: (scope: string) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Every image a draft refers to (so the outbox does not delete it). The pagehide backups in
   * localStorage are read first: a load moves a backup into IndexedDB and only then drops it, so
   * a draft being moved is seen in one place or the other, never in neither.
   */
  async imageRefs(): Promise<string[]> {
    const refs: string[] = []
    const take = (d: Partial<Draft> | null | undefined) => {
      if (Array.isArray(d?.images)) refs.push(...d.images.filter((r): r is string => typeof r === 'string'))
    }
    try {
      for (const k of Object.keys(localStorage)) if (k.startsWith(this.#backupKey(''))) take(JSON.parse(localStorage.getItem(k) ?? 'null') as Partial<Draft> | null)
    } catch {
      // No backups to look at.
    }
    for (const k of await this.#store.keys(key(''))) take((await this.#store.get(k)) as Partial<Draft> | undefined)
    return refs
  }

  /**
   * Puts a cancelled or refused post back into its composer, after any text already there (its
   * images after the draft's, its poll unless the draft has one).
   */
  async restore(p: OutboxEntry): Promise<void> {
    const scope = draftScopeOf(p)
    if (!scope) return // a deletion, vote or answer has no text to give back
    // A backup written on pagehide would win over IndexedDB at the next load: fold it in first.
    await this.load(scope)
    await this.#store.update<Draft>(key(scope), (current) => {
      const d = { ...emptyDraft(), ...(current ?? {}) }
      return {
        ...d,
        title: d.title.trim() ? d.title : p.title,
        body: d.body.trim() ? `${d.body}\n\n${p.body}` : p.body,
        channel: p.channel ?? d.channel,
        label: p.label,
        voiceId: p.voiceId,
        delay: p.withinMinutes ?? d.delay,
        nonce: d.title.trim() || d.body.trim() ? d.nonce : p.nonce,
        ...(p.imageRefs?.length && { images: [...(d.images ?? []), ...p.imageRefs] }),
        ...(p.poll && !d.poll && { poll: p.poll }),
      }
    })
    for (const l of this.#listeners) l(scope)
  }
}
