import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import type { AnonLog } from './log.js'
import { TalkEvents } from './services/events.js'
import { Mixer } from './services/mixer.js'
import type { AnonDB } from './tables.js'

/** The part of the configuration the anonymous side needs, and no more. */
export interface AnonConfig {
  /** TALK_MIX_WINDOW_S; 0: every write is committed on arrival (tests only). */
  mixWindowS: number
  /** Where live updates LISTEN (DATABASE_LISTEN_URL, else DATABASE_URL); null: embedded PGlite, one process, events stay in it. */
  listenUrl: string | null
  /** BLOCKED_TERMS_FILE's words, for the profanity check before publishing (holds.ts). */
  blockedTerms: readonly string[]
}

/**
 * The narrow context of the anonymous side (DESIGN §8). Its database type holds only the post
 * side and the public columns of companies and issuer keys, so no service here can name an
 * account, a session or an issuance counter — the compiler refuses it.
 */
export interface AnonContext {
  db: Kysely<AnonDB>
  clock: Clock
  config: AnonConfig
  log: AnonLog
  mixer: Mixer
  /** Live updates (GET /talk/events): the mixer publishes each committed window here. */
  events: TalkEvents
  /** Per-process caches of immutable things (issuer public keys): never the source of truth. */
  caches: {
    publicKeys: Map<string, { keyId: string; companySlug: string | null; purpose: AnonDB['talkIssuerKey']['purpose']; epoch: string; publicKey: Buffer }>
    /** Uploads per token (base64url of its hash) in the last hour: one token carries at most TALK_FORUM.images.perPost. */
    imageUploads: Map<string, { n: number; at: number }>
  }
}

/**
 * `db` is the application's one connection pool, seen through the narrow type: the same
 * database, with nothing of the account side in reach of the type checker.
 */
export function createAnonContext(parts: { db: Kysely<AnonDB>; clock: Clock; config: AnonConfig; log: AnonLog }): AnonContext {
  const events = new TalkEvents({ db: parts.db, log: parts.log, listenUrl: parts.config.listenUrl })
  const ctx = { ...parts, events, caches: { publicKeys: new Map(), imageUploads: new Map() } } as Omit<AnonContext, 'mixer'> as AnonContext
  ctx.mixer = new Mixer(ctx)
  return ctx
}
