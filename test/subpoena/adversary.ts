import { spawnSync } from 'node:child_process'
import { sql } from 'kysely'
import type { Database } from '../../server/src/db/database.js'
import { NeedleSet } from './needles.js'
import type { StorageView } from './storage.js'

/**
 * The adversary of DESIGN §4: someone holding every table, every log line and a backup, trying to
 * tie Work Talk posts to accounts. Each rule of §4 is a detector that returns violations, so the
 * same code proves the rules hold (no violations) and that it would notice a link (planted tests).
 */

/** Tables anonymous endpoints write. */
export const POST_SIDE = ['talk_thread', 'talk_post', 'talk_spent_token', 'talk_vote', 'talk_poll', 'talk_poll_answer', 'talk_image', 'talk_report', 'talk_appeal', 'company_review', 'company_review_helpful', 'company_salary', 'company_salary_cell', 'company_interview']
/** Tables that know accounts (or, like the rate limiter's keyed address hashes, who is asking). */
export const ACCOUNT_SIDE = ['account', 'profile', 'session', 'employment', 'email_verification', 'badge_submission', 'badge_photo', 'talk_issuance', 'company', 'rate_limit', 'password_reset', 'handle_history', 'profile_photo', 'totp_credential', 'totp_recovery_code', 'search_person', 'search_company', 'search_feed_post', 'connection', 'member_block', 'follow', 'feed_post', 'feed_image', 'feed_like', 'feed_comment', 'conversation', 'conversation_member', 'message', 'notification', 'notification_mail', 'company_distinct', 'company_representative', 'company_review_response', 'job', 'job_application', 'job_resume', 'saved_job', 'job_alert', 'referral_request', 'work_email_claim', 'company_merge', 'content_report']
/** Public issuer keys (and their sealed private halves), the public key log and directory documents: on neither side. */
export const ISSUER_SIDE = ['talk_issuer_key', 'talk_key_log', 'talk_key_directory']
/**
 * Staff side (issue 11): what moderators did (the content and the moderator), the public
 * hash-chained moderation log (day, action, reason, content id), takedown requests from anyone
 * (a contact address and a link) and the legal-request register. They may name a post and a
 * staff account; never a post and its author (staffViolations).
 */
export const STAFF_SIDE = ['moderation_action', 'moderation_log', 'takedown_request', 'legal_request']
/** Public lists admins keep (Work Talk's channels): no foreign key to either side, names only. */
export const PUBLIC_SIDE = ['talk_channel']
const IGNORED = ['kysely_migration', 'kysely_migration_lock']

export type Row = Record<string, unknown>
export interface Snapshot {
  tables: Record<string, { xmin: bigint; ctid: string; row: Row }[]>
  columns: Record<string, { name: string; type: string }[]>
  foreignKeys: { from: string; to: string }[]
  /** The backup as bytes: pg_dump's output, or PGlite's whole data directory (heap files and WAL). */
  raw: Buffer
}

export async function takeSnapshot(database: Database): Promise<Snapshot> {
  const db = database.db
  const { rows: tableRows } = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db)
  const tables: Snapshot['tables'] = {}
  const columns: Snapshot['columns'] = {}
  for (const { t } of tableRows) {
    // row_to_json keeps the real column names (the Kysely plugin would rename them).
    const { rows } = await sql<{ j: string; x: string; c: string }>`select row_to_json(t)::text as j, t.xmin::text as x, t.ctid::text as c from ${sql.table(t)} t`.execute(db)
    tables[t] = rows.map((r) => ({ xmin: BigInt(r.x), ctid: r.c, row: JSON.parse(r.j) as Row }))
    const { rows: cols } = await sql<{ n: string; d: string }>`select column_name as n, data_type as d from information_schema.columns where table_schema = 'public' and table_name = ${t} order by ordinal_position`.execute(db)
    columns[t] = cols.map((c) => ({ name: c.n, type: c.d }))
  }
  const { rows: fks } = await sql<{ f: string; r: string }>`
    select tc.table_name as f, ccu.table_name as r
    from information_schema.table_constraints tc
    join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
    where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'`.execute(db)
  let raw: Buffer
  if (database.pglite) raw = Buffer.from(await (await database.pglite.dumpDataDir('none')).arrayBuffer())
  else {
    const dump = spawnSync('pg_dump', ['--no-owner', database.url!], { maxBuffer: 512 * 1024 * 1024 })
    if (dump.status !== 0) throw new Error(`pg_dump failed: ${dump.stderr}`)
    raw = dump.stdout
  }
  return { tables, columns, foreignKeys: fks.map((f) => ({ from: f.f, to: f.r })), raw }
}

/** What only the scripted client knows: who wrote what, and the secrets it handled. */
export interface Knowledge {
  /** postId → accountId */
  authorOf: Map<string, string>
  /** postId → the accounts that could have written it, judging by its label (its anonymity set) */
  anonymitySet: Map<string, string[]>
  /** Values that must appear nowhere: sentinel headers and address, work addresses, session tokens, token messages and signatures, blinded messages and blind signatures. */
  secrets: string[]
}

const PUBLIC_LABEL_COLUMNS = new Set(['company_slug', 'company_name', 'channel', 'label', 'voice', 'author_tag', 'purpose', 'epoch'])
const TIME_TYPES = new Set(['date', 'timestamp with time zone', 'timestamp without time zone'])
/**
 * Search documents (tsvector): derived from columns this check reads in full — a thread's title
 * and body, a member's name and headline, a company's name and domains — so a value they share
 * is shared by their sources too; their own spelling ("'word':3B 'other':4B") would only add
 * chance matches of punctuation and positions.
 */
const DERIVED_TYPES = new Set(['tsvector'])

/**
 * The forms a value can take, each with the window width that holds 8 bytes of it: raw bytes
 * compare 8 at a time; text (including hex and base64url spellings of binary values) 16
 * characters at a time — 8 hex characters are only 4 bytes, and would collide by chance.
 */
function valueForms(v: unknown): { bytes: Buffer; width: number }[] {
  if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number') return []
  const text = (b: Buffer) => ({ bytes: b, width: 16 })
  if (typeof v === 'string') {
    if (/^\\x[0-9a-f]*$/.test(v)) {
      const raw = Buffer.from(v.slice(2), 'hex')
      return [{ bytes: raw, width: 8 }, text(Buffer.from(raw.toString('base64url'))), text(Buffer.from(raw.toString('hex')))]
    }
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v)) return [text(Buffer.from(v)), { bytes: Buffer.from(v.replace(/-/g, ''), 'hex'), width: 8 }]
    return [text(Buffer.from(v))]
  }
  return [text(Buffer.from(JSON.stringify(v)))]
}

function windows(b: Buffer, size: number): string[] {
  const out: string[] = []
  for (let i = 0; i + size <= b.length; i++) out.push(`${size}:${b.subarray(i, i + size).toString('latin1')}`)
  return out
}

/** Every rule of DESIGN §4 that a snapshot alone can check. */
export function findViolations(snap: Snapshot, knowledge: Pick<Knowledge, 'secrets'>): string[] {
  const v: string[] = []
  const all = Object.keys(snap.tables)
  for (const t of all) if (![...POST_SIDE, ...ACCOUNT_SIDE, ...STAFF_SIDE, ...ISSUER_SIDE, ...PUBLIC_SIDE, ...IGNORED].includes(t)) v.push(`table ${t} is on no side: classify it`)

  // 1. No join path from the post side to anything else (undirected foreign-key graph).
  const reach = new Set(POST_SIDE)
  for (let changed = true; changed; ) {
    changed = false
    for (const { from, to } of snap.foreignKeys) {
      for (const [a, b] of [[from, to], [to, from]] as const) {
        if (reach.has(a) && !reach.has(b)) {
          reach.add(b)
          changed = true
        }
      }
    }
  }
  for (const t of reach) if (!POST_SIDE.includes(t)) v.push(`join path: post-side tables reach ${t} by foreign keys`)

  // 2. No column on the post side that could hold who or where.
  for (const t of POST_SIDE) {
    for (const c of snap.columns[t] ?? []) {
      if (/account|session|user|email|ip_|address|agent|cookie|request|trace|key_id|issuance/.test(c.name)) v.push(`post-side column ${t}.${c.name} looks like an identifier`)
    }
  }

  // 3. Issuance keeps counters only.
  const issuance = (snap.columns.talk_issuance ?? []).map((c) => c.name).sort().join(',')
  if (issuance !== 'account_id,issued,key_id') v.push(`talk_issuance holds more than a counter: ${issuance}`)

  // 4. Times: the post side to the minute; account-side times a day or a minute.
  for (const t of [...POST_SIDE, ...ACCOUNT_SIDE]) {
    for (const c of (snap.columns[t] ?? []).filter((c) => c.type.startsWith('timestamp'))) {
      for (const { row } of snap.tables[t] ?? []) {
        const value = row[c.name]
        if (typeof value === 'string' && new Date(value).getTime() % 60_000 !== 0) v.push(`${t}.${c.name} keeps seconds: ${value}`)
      }
    }
  }
  const session = (snap.columns.session ?? []).filter((c) => /used|seen|active/.test(c.name))
  for (const c of session) if (c.type !== 'date') v.push(`session.${c.name} is ${c.type}, not a day`)

  // 5. No value of 8 bytes or more on both sides (labels and times excepted).
  const accountWindows = new Set<string>()
  for (const t of ACCOUNT_SIDE) {
    const cols = new Map((snap.columns[t] ?? []).map((c) => [c.name, c.type]))
    for (const { row } of snap.tables[t] ?? []) {
      for (const [k, val] of Object.entries(row)) {
        if (PUBLIC_LABEL_COLUMNS.has(k) || TIME_TYPES.has(cols.get(k) ?? '') || DERIVED_TYPES.has(cols.get(k) ?? '') || k === 'slug' || k === 'name' && t === 'company') continue
        for (const f of valueForms(val)) for (const w of windows(f.bytes, f.width)) accountWindows.add(w)
      }
    }
  }
  for (const t of POST_SIDE) {
    const cols = new Map((snap.columns[t] ?? []).map((c) => [c.name, c.type]))
    for (const { row } of snap.tables[t] ?? []) {
      for (const [k, val] of Object.entries(row)) {
        if (PUBLIC_LABEL_COLUMNS.has(k) || TIME_TYPES.has(cols.get(k) ?? '') || DERIVED_TYPES.has(cols.get(k) ?? '')) continue
        const shared = valueForms(val)
          .flatMap((f) => windows(f.bytes, f.width))
          .find((w) => accountWindows.has(w))
        if (shared) v.push(`shared value: ${t}.${k} = ${String(val).slice(0, 60)} shares ${JSON.stringify(shared.slice(shared.indexOf(':') + 1))} with the account side`)
      }
    }
  }

  // 6. Secrets appear nowhere: not in a table, not in the backup.
  const tableText = Buffer.from(JSON.stringify(snap.tables, (_k, val) => (typeof val === 'bigint' ? String(val) : val)))
  const forms = knowledge.secrets.flatMap((s) => secretForms(s).map((bytes) => ({ s, bytes })))
  const needles = new NeedleSet(forms.map((f) => f.bytes))
  for (const [where, bytes] of [['the tables', tableText], ['the backup bytes', snap.raw]] as const) {
    for (const i of [...needles.foundIn(bytes)].sort((a, b) => a - b)) v.push(`secret found in ${where}: ${forms[i]!.s.slice(0, 40)}`)
  }
  return v
}

/**
 * Moderation is the staff side (DESIGN §4): a staff row names content and a moderator, never an
 * author. For every post the script wrote, no staff-side row may hold both the post's id and its
 * author's account id (in any spelling: text, hex), nor an author's id next to any post id; a
 * staff row naming a post may name only staff accounts (role moderator or admin).
 */
export function staffViolations(snap: Snapshot, knowledge: Pick<Knowledge, 'authorOf'>): string[] {
  const v: string[] = []
  const staff = new Set((snap.tables.account ?? []).filter(({ row }) => row.role === 'moderator' || row.role === 'admin').map(({ row }) => String(row.id)))
  const accounts = (snap.tables.account ?? []).map(({ row }) => String(row.id)).filter((id) => !staff.has(id))
  const spellings = (id: string) => [id, id.replace(/-/g, '')]
  for (const t of STAFF_SIDE) {
    for (const { row } of snap.tables[t] ?? []) {
      const text = JSON.stringify(row)
      const posts = [...knowledge.authorOf.keys()].filter((p) => spellings(p).some((s) => text.includes(s)))
      if (!posts.length) continue
      for (const p of posts) {
        const author = knowledge.authorOf.get(p)!
        if (spellings(author).some((s) => text.includes(s))) v.push(`staff row of ${t} names post ${p} and its author ${author}`)
      }
      const member = accounts.find((a) => spellings(a).some((s) => text.includes(s)))
      if (member) v.push(`staff row of ${t} names a post and the member account ${member}`)
    }
  }
  return v
}

/** Every line of the log that holds a secret. */
export function logViolations(logText: string, secrets: string[]): string[] {
  return secrets.filter((s) => s.length >= 8 && logText.includes(s)).map((s) => `secret in the log: ${s.slice(0, 40)}`)
}

/** The forms a secret could take on disk: its text, and for base64url values the bytes and their hex. */
function secretForms(s: string): Buffer[] {
  const forms = [Buffer.from(s)]
  if (/^[A-Za-z0-9_-]{16,}$/.test(s)) forms.push(Buffer.from(s, 'base64url'), Buffer.from(Buffer.from(s, 'base64url').toString('hex')))
  return forms.filter((f) => f.length >= 8)
}

/**
 * DESIGN §4: "the link is never written at all (writing then deleting it is not enough)". Every
 * secret is looked for where the engine keeps what was written: the WAL (as stored, and with page
 * headers removed), every row version in the heap (dead ones too), every raw page (free space
 * included), and every file — the data directory, its relation files, the backup.
 */
export function storageViolations(view: StorageView, secrets: string[]): string[] {
  const places: [string, Buffer][] = [
    ['the WAL', view.walStream],
    ['the WAL files', view.walBytes],
    ...view.heap.map((h): [string, Buffer] => [`a ${h.live ? 'live' : 'dead'} row version of ${h.table}`, h.data]),
    ...view.pages.map((p): [string, Buffer] => [`a raw page of ${p.table}`, p.bytes]),
    ...view.files.map((f): [string, Buffer] => [`the file ${f.name}`, f.bytes]),
  ]
  const forms = secrets.flatMap((s) => secretForms(s).map((bytes) => ({ s, bytes })))
  const needles = new NeedleSet(forms.map((f) => f.bytes))
  const found = new Set<string>()
  for (const [where, bytes] of places) for (const i of [...needles.foundIn(bytes)].sort((a, b) => a - b)) found.add(`secret in ${where}: ${forms[i]!.s.slice(0, 40)}`)
  return [...found]
}
