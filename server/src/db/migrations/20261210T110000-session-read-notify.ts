import { type Kysely, sql } from 'kysely'

/**
 * The session cache (services/sessions/session-cache.ts) is dropped in every process when a session
 * is changed or ended, or a verification added, changed or removed, at commit: statement triggers
 * NOTIFY a channel every process LISTENs to, with an empty payload (no id, no account). A session's
 * rows are deleted by cascade with its account: the trigger on session sees those too. No row is
 * written; the notification queue is not in the WAL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function session_read_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('watercooler_session_read', '');
      return null;
    end $$`.execute(db)
  await sql`create trigger session_read_notify after update or delete or truncate on session for each statement execute function session_read_changed()`.execute(db)
  await sql`create trigger employment_read_notify after insert or update or delete or truncate on employment for each statement execute function session_read_changed()`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger employment_read_notify on employment`.execute(db)
  await sql`drop trigger session_read_notify on session`.execute(db)
  await sql`drop function session_read_changed()`.execute(db)
}
