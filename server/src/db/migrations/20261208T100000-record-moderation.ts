import { type Kysely, sql } from 'kysely'

/**
 * Reviews and interview reports can be reported and moderated (issue 11), like feed posts: a
 * moderator hides or removes one with a reason shown in its place. The columns say what was
 * decided about the content, nothing about who wrote it (nobody is stored) and no time (the
 * staff-side moderation_action keeps that, naming the content and the moderator). Salary reports
 * are never shown one by one, so there is nothing to report there.
 *
 * content_report.decided: a moderator's action on the content closes the reports made before it.
 * Report times are kept to the minute (DESIGN §4), so comparing them with the action's time
 * cannot tell a report made seconds after a decision from one made before it; the action marks
 * the reports it decided instead, in its own transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['company_review', 'company_interview']) {
    await sql`alter table ${sql.table(table)} add column moderation text check (moderation in ('hidden', 'removed'))`.execute(db)
    await sql`alter table ${sql.table(table)} add column moderation_reason text`.execute(db)
  }
  await sql`alter table content_report add column decided boolean not null default false`.execute(db)
  await sql`create index content_report_open_idx on content_report (target_type, target_id) where not decided`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table content_report drop column decided`.execute(db)
  for (const table of ['company_review', 'company_interview']) {
    await sql`alter table ${sql.table(table)} drop column moderation, drop column moderation_reason`.execute(db)
  }
}
