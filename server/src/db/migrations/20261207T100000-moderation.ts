import { type Kysely, sql } from 'kysely'

/**
 * Trust and safety (issue 11). Three sides, as DESIGN §4 draws them:
 * - post side (written by the sealed anonymous module, in mixed windows): a Work Talk post's
 *   moderation state, a thread's lock, anonymous reports (by pseudonym key, never an account) and
 *   appeals (by the post's own key);
 * - account side: real-name reports (the reporter's account, the content it names — feed posts,
 *   comments, messages as the reporter's copy, profiles, jobs), a suspension date on accounts, the
 *   moderation state of real-name content;
 * - staff side: moderators' actions (they name content and a moderator, never an author) and the
 *   public hash-chained moderation log (day, action, reason, content id), the legal-request register.
 * The unused login_failure table goes: sign-in counts in rate_limit since df1a9ff.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table account drop constraint if exists account_role_check`.execute(db)
  await sql`alter table account add constraint account_role_check check (role in ('member', 'reviewer', 'moderator', 'admin'))`.execute(db)
  await sql`alter table account add column suspended_until date`.execute(db)

  await sql`alter table talk_post add column moderation text check (moderation in ('held', 'hidden', 'removed'))`.execute(db)
  await sql`alter table talk_post add column moderation_reason text`.execute(db)
  await sql`alter table talk_thread add column locked boolean not null default false`.execute(db)
  // The same text posted again (anon/services/holds.ts repeatRule): found by content, never by author.
  await sql`create index talk_post_repeat_idx on talk_post (md5(btrim(lower(regexp_replace(normalize(body, NFKC), '\s+', ' ', 'g')))), created_at)`.execute(db)
  await sql`
    create table talk_report (
      post_id uuid not null references talk_post (id) on delete cascade,
      reporter_key bytea not null,
      reason text not null,
      created_at timestamptz not null,
      primary key (post_id, reporter_key)
    )`.execute(db)
  await sql`
    create table talk_appeal (
      id uuid primary key,
      post_id uuid not null references talk_post (id) on delete cascade,
      body text not null,
      created_at timestamptz not null,
      outcome text check (outcome in ('upheld', 'reversed')),
      decided_on date
    )`.execute(db)
  await sql`create unique index talk_appeal_open_idx on talk_appeal (post_id) where outcome is null`.execute(db)

  for (const table of ['feed_post', 'feed_comment', 'job']) {
    await sql`alter table ${sql.table(table)} add column moderation text check (moderation in ('hidden', 'removed'))`.execute(db)
    await sql`alter table ${sql.table(table)} add column moderation_reason text`.execute(db)
  }
  await sql`
    create table content_report (
      id uuid primary key,
      reporter_id uuid not null references account (id) on delete cascade,
      target_type text not null,
      target_id text not null,
      reason text not null,
      note text not null default '',
      copy text,
      created_at timestamptz not null,
      unique (reporter_id, target_type, target_id)
    )`.execute(db)
  await sql`create index content_report_target_idx on content_report (target_type, target_id)`.execute(db)
  await sql`
    create table takedown_request (
      id uuid primary key,
      contact text not null,
      url text not null,
      target_type text,
      target_id text,
      reason text not null,
      details text not null,
      created_at timestamptz not null,
      closed_on date
    )`.execute(db)

  await sql`
    create table moderation_action (
      id uuid primary key,
      moderator_id uuid references account (id) on delete set null,
      target_type text not null,
      target_id text not null,
      action text not null,
      reason text not null,
      note text not null default '',
      created_at timestamptz not null
    )`.execute(db)
  await sql`create index moderation_action_target_idx on moderation_action (target_type, target_id, created_at)`.execute(db)
  await sql`
    create table moderation_log (
      seq integer primary key,
      day date not null,
      action text not null,
      reason text not null,
      target_type text not null,
      target_id text not null,
      prev_hash text not null,
      hash text not null
    )`.execute(db)
  await sql`
    create table legal_request (
      id uuid primary key,
      received_on date not null,
      authority text not null,
      kind text not null,
      reference text not null default '',
      account_email text,
      disclosed text not null default '',
      closed_on date
    )`.execute(db)
  await db.schema.dropTable('login_failure').ifExists().execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['legal_request', 'moderation_log', 'moderation_action', 'takedown_request', 'content_report', 'talk_appeal', 'talk_report']) await db.schema.dropTable(t).ifExists().execute()
  for (const table of ['feed_post', 'feed_comment', 'job', 'talk_post']) {
    await sql`alter table ${sql.table(table)} drop column moderation, drop column moderation_reason`.execute(db)
  }
  await sql`drop index if exists talk_post_repeat_idx`.execute(db)
  await sql`alter table talk_thread drop column locked`.execute(db)
  await sql`alter table account drop column suspended_until`.execute(db)
  await sql`alter table account drop constraint if exists account_role_check`.execute(db)
  await sql`update account set role = 'reviewer' where role = 'moderator'`.execute(db)
  await sql`alter table account add constraint account_role_check check (role in ('member', 'reviewer', 'admin'))`.execute(db)
  // As 20261125T190000-accounts made it, so that migration's own down() finds it.
  await sql`create table login_failure (id bigint primary key generated always as identity, key_hash bytea not null, failed_at timestamptz not null)`.execute(db)
  await sql`create index login_failure_key_idx on login_failure (key_hash, failed_at)`.execute(db)
}
