import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { SIGN_UP } from '../../shared/src/api/limits.js'

/** The environment variables Watercooler reads (DESIGN §6). Nothing else reads process.env. */
export interface RawEnv {
  PORT?: string
  HOST?: string
  DATABASE_URL?: string
  DATABASE_LISTEN_URL?: string
  DATA_DIR?: string
  SMTP_URL?: string
  PUBLIC_URL?: string
  SERVER_SECRET?: string
  MIN_ANONYMITY_SET?: string
  LOG_LEVEL?: string
  DEMO_DATA?: string
  TALK_MIN_TOKEN_AGE_S?: string
  TALK_MIX_WINDOW_S?: string
  SIGN_UPS_PER_ADDRESS_PER_HOUR?: string
  TRUST_PROXY?: string
  BLOCKED_TERMS_FILE?: string
  METRICS_PORT?: string
}

export interface Config {
  port: number
  host: string
  /** METRICS_PORT: where Prometheus `/metrics` listens on `host`; null: no metrics endpoint. */
  metricsPort: number | null
  /** null: embedded PGlite in `dataDir/db`. */
  databaseUrl: string | null
  /**
   * A direct (not pooled) connection for LISTEN (Work Talk's live updates between processes):
   * LISTEN needs a session of its own, which a transaction-pooling proxy does not keep. null:
   * DATABASE_URL's.
   */
  databaseListenUrl: string | null
  dataDir: string
  /** null: mails are written to `dataDir/outbox`. */
  smtpUrl: string | null
  publicUrl: URL
  /** null: generated once into `dataDir` at start (see secrets.ts). */
  serverSecret: string | null
  minAnonymitySet: number
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Load demo companies and people into an empty database at start. */
  demoData: boolean
  /** Seconds a token must have been held before the web client spends it (published with the key directory). */
  talkMinTokenAgeS: number
  /**
   * Seconds anonymous writes are gathered before one mixed commit (DESIGN §2). 0 turns mixing
   * off — every write is committed on arrival — which only tests should do.
   */
  talkMixWindowS: number
  /** Sign-ups allowed per client address per hour (limits.ts SIGN_UP; raised by tests that sign many up from one address). */
  signUpsPerAddressPerHour: number
  /**
   * Addresses and CIDRs of the reverse proxies whose `X-Forwarded-For` is believed (Fastify's
   * `trustProxy`): the client address is then the nearest one in the header that is not one of
   * them. Empty: none — the client address is the connection's own.
   */
  trustProxy: readonly string[]
  /**
   * BLOCKED_TERMS_FILE: more words the profanity check holds posts for, one per line (UTF-8, `#`
   * starts a comment), added to the kept English library and the Chinese list of
   * shared/src/moderation (docs/moderation-rules.md). Read once, at start.
   */
  blockedTerms: readonly string[]
}

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError'
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`)
  }
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): RawEnv {
  const pick = (k: keyof RawEnv) => {
    const v = env[k]
    return v === undefined || v === '' ? undefined : v
  }
  return {
    PORT: pick('PORT'),
    HOST: pick('HOST'),
    DATABASE_URL: pick('DATABASE_URL'),
    DATABASE_LISTEN_URL: pick('DATABASE_LISTEN_URL'),
    DATA_DIR: pick('DATA_DIR'),
    SMTP_URL: pick('SMTP_URL'),
    PUBLIC_URL: pick('PUBLIC_URL'),
    SERVER_SECRET: pick('SERVER_SECRET'),
    MIN_ANONYMITY_SET: pick('MIN_ANONYMITY_SET'),
    LOG_LEVEL: pick('LOG_LEVEL'),
    DEMO_DATA: pick('DEMO_DATA'),
    TALK_MIN_TOKEN_AGE_S: pick('TALK_MIN_TOKEN_AGE_S'),
    TALK_MIX_WINDOW_S: pick('TALK_MIX_WINDOW_S'),
    SIGN_UPS_PER_ADDRESS_PER_HOUR: pick('SIGN_UPS_PER_ADDRESS_PER_HOUR'),
    TRUST_PROXY: pick('TRUST_PROXY'),
    BLOCKED_TERMS_FILE: pick('BLOCKED_TERMS_FILE'),
    METRICS_PORT: pick('METRICS_PORT'),
  }
}

/** A token lives about two weeks; holding it longer than a day before spending buys nothing. */
const MAX_MIN_TOKEN_AGE_S = 24 * 60 * 60
/** DESIGN §2: a mixing window is never longer than two minutes, so a writer waits little. */
const MAX_MIX_WINDOW_S = 120

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Validates the raw environment; throws ConfigError naming the first bad variable. */
export function envToConfig(raw: RawEnv, cwd = process.cwd()): Config {
  const port = integer('PORT', raw.PORT ?? '3000', 0, 65535)
  const host = raw.HOST ?? '127.0.0.1'
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError('HOST', `"${host}" is not a host name or address`)
  const metricsPort = raw.METRICS_PORT === undefined ? null : integer('METRICS_PORT', raw.METRICS_PORT, 1, 65535)
  if (metricsPort !== null && metricsPort === port) throw new ConfigError('METRICS_PORT', 'must differ from PORT')

  let databaseUrl: string | null = null
  if (raw.DATABASE_URL !== undefined) {
    const u = parseUrl('DATABASE_URL', raw.DATABASE_URL)
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
      throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL')
    }
    databaseUrl = raw.DATABASE_URL
  }
  const databaseListenUrl = raw.DATABASE_LISTEN_URL === undefined ? null : postgresUrl('DATABASE_LISTEN_URL', raw.DATABASE_LISTEN_URL)
  if (databaseListenUrl !== null && databaseUrl === null) {
    throw new ConfigError('DATABASE_LISTEN_URL', 'needs DATABASE_URL: the embedded database is one process and listens to no one')
  }

  let smtpUrl: string | null = null
  if (raw.SMTP_URL !== undefined) {
    const u = parseUrl('SMTP_URL', raw.SMTP_URL)
    if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new ConfigError('SMTP_URL', 'must be an smtp:// or smtps:// URL')
    smtpUrl = raw.SMTP_URL
  }

  const urlHost = host.includes(':') ? `[${host}]` : host
  const publicUrl = parseUrl('PUBLIC_URL', raw.PUBLIC_URL ?? `http://${urlHost}:${port}`)
  if (publicUrl.protocol !== 'http:' && publicUrl.protocol !== 'https:') {
    throw new ConfigError('PUBLIC_URL', 'must be an http:// or https:// URL')
  }
  if (publicUrl.pathname !== '/' || publicUrl.search || publicUrl.hash) {
    throw new ConfigError('PUBLIC_URL', 'must be an origin only (scheme, host and port), without a path')
  }

  if (raw.SERVER_SECRET !== undefined && raw.SERVER_SECRET.length < 32) {
    throw new ConfigError('SERVER_SECRET', 'must be at least 32 characters (e.g. `openssl rand -base64 48`)')
  }

  const logLevel = (raw.LOG_LEVEL ?? 'info') as Config['logLevel']
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`)

  const demo = raw.DEMO_DATA ?? 'true'
  if (demo !== 'true' && demo !== 'false') throw new ConfigError('DEMO_DATA', 'must be true or false')

  return {
    port,
    metricsPort,
    host,
    databaseUrl,
    databaseListenUrl,
    dataDir: path.resolve(cwd, raw.DATA_DIR ?? './data'),
    smtpUrl,
    publicUrl,
    serverSecret: raw.SERVER_SECRET ?? null,
    minAnonymitySet: integer('MIN_ANONYMITY_SET', raw.MIN_ANONYMITY_SET ?? '10', 1, 1_000_000),
    logLevel,
    demoData: demo === 'true',
    talkMinTokenAgeS: integer('TALK_MIN_TOKEN_AGE_S', raw.TALK_MIN_TOKEN_AGE_S ?? '3600', 0, MAX_MIN_TOKEN_AGE_S),
    talkMixWindowS: integer('TALK_MIX_WINDOW_S', raw.TALK_MIX_WINDOW_S ?? '30', 0, MAX_MIX_WINDOW_S),
    signUpsPerAddressPerHour: integer('SIGN_UPS_PER_ADDRESS_PER_HOUR', raw.SIGN_UPS_PER_ADDRESS_PER_HOUR ?? String(SIGN_UP.perAddressPerHour), 1, 1_000_000),
    trustProxy: raw.TRUST_PROXY === undefined ? [] : proxyAddresses(raw.TRUST_PROXY),
    blockedTerms: raw.BLOCKED_TERMS_FILE === undefined ? [] : blockedTerms(path.resolve(cwd, raw.BLOCKED_TERMS_FILE)),
  }
}

/** The most terms BLOCKED_TERMS_FILE may list, and the longest one: a list, not a dictionary. */
const MAX_BLOCKED_TERMS = 10_000
const MAX_BLOCKED_TERM_LENGTH = 64

function blockedTerms(file: string): string[] {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    throw new ConfigError('BLOCKED_TERMS_FILE', `cannot read ${file}: ${(err as Error).message}`)
  }
  const terms = text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '')
  if (terms.length > MAX_BLOCKED_TERMS) throw new ConfigError('BLOCKED_TERMS_FILE', `lists ${terms.length} terms; at most ${MAX_BLOCKED_TERMS}`)
  const long = terms.find((t) => [...t].length > MAX_BLOCKED_TERM_LENGTH)
  if (long) throw new ConfigError('BLOCKED_TERMS_FILE', `"${long.slice(0, 20)}…" is longer than ${MAX_BLOCKED_TERM_LENGTH} characters`)
  return terms
}

/**
 * TRUST_PROXY: comma-separated IPv4/IPv6 addresses or CIDRs (`10.0.0.0/8`, `fd00::/8`). Nothing
 * looser — no `true`, no hop count, no names — so that a typo cannot make every client's
 * `X-Forwarded-For` believed.
 */
function proxyAddresses(value: string): string[] {
  const entries = value.split(',').map((e) => e.trim())
  for (const entry of entries) {
    if (entry === '') throw new ConfigError('TRUST_PROXY', `"${value}" has an empty entry; list addresses or CIDRs separated by commas`)
    const [address = '', prefix, extra] = entry.split('/')
    const family = net.isIP(address)
    if (family === 0 || extra !== undefined) throw new ConfigError('TRUST_PROXY', `"${entry}" is not an IP address or CIDR (e.g. 10.0.0.1, 10.0.0.0/8, fd00::/8)`)
    const max = family === 4 ? 32 : 128
    if (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max)) {
      throw new ConfigError('TRUST_PROXY', `"${entry}": the prefix length must be a whole number 0–${max}`)
    }
  }
  return entries
}

function integer(variable: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new ConfigError(variable, `"${value}" is not a whole number`)
  const n = Number(value)
  if (n < min || n > max) throw new ConfigError(variable, `${n} is outside ${min}–${max}`)
  return n
}

function postgresUrl(variable: string, value: string): string {
  const u = parseUrl(variable, value)
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new ConfigError(variable, 'must be a postgres:// or postgresql:// URL')
  return value
}

function parseUrl(variable: string, value: string): URL {
  try {
    return new URL(value)
  } catch {
    throw new ConfigError(variable, `"${redact(value)}" is not a URL`)
  }
}

/** Never echo a password from a URL into a boot error. */
function redact(value: string): string {
  return value.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@')
}

/** The mixing window below which the storage adversary can order anonymous writes (DESIGN §6). */
export const WEAK_MIX_WINDOW_S = 30
/** The token age below which a post is easily set beside its author's draw (DESIGN §4). */
export const WEAK_MIN_TOKEN_AGE_S = 3600

/**
 * Settings that start a working server but weaken Work Talk's anonymity: fine for tests and
 * demos, never for members. Printed loudly at start (server.ts), so nobody runs them unknowingly.
 */
export function anonymityWarnings(config: Pick<Config, 'talkMixWindowS' | 'talkMinTokenAgeS'>): string[] {
  const out: string[] = []
  if (config.talkMixWindowS === 0) {
    out.push('TALK_MIX_WINDOW_S=0: anonymous writes are committed one by one, unmixed; the database log then orders them by arrival. For tests only.')
  } else if (config.talkMixWindowS < WEAK_MIX_WINDOW_S) {
    out.push(`TALK_MIX_WINDOW_S=${config.talkMixWindowS}: windows under ${WEAK_MIX_WINDOW_S} s mix few writes together. For tests only.`)
  }
  if (config.talkMinTokenAgeS < WEAK_MIN_TOKEN_AGE_S) {
    out.push(`TALK_MIN_TOKEN_AGE_S=${config.talkMinTokenAgeS}: tokens younger than an hour may be spent, close to their author's draw. For tests only.`)
  }
  return out
}
