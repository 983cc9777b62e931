import { type Kysely, sql } from 'kysely'

/**
 * The Work Talk read cache (services/talk/read-cache.ts) is dropped in every process when a write
 * to what it caches commits: a statement trigger on each of those tables NOTIFYs a channel every
 * process LISTENs to. The notification carries nothing (an empty payload; PostgreSQL folds the
 * repeats of one transaction into one) and is delivered only at commit, never for a rollback.
 * It writes no row: the notification queue is not in the WAL, and its entries are gone once read.
 * The list of tables is TALK_READ_TABLES; a test checks that the two agree.
 */
const TABLES = ['talk_thread', 'talk_post', 'talk_image', 'talk_poll', 'talk_poll_answer', 'talk_appeal', 'talk_channel']

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function talk_read_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('watercooler_talk_read', '');
      return null;
    end $$`.execute(db)
  for (const table of TABLES) {
    await sql`create trigger ${sql.raw(`${table}_read_notify`)} after insert or update or delete or truncate on ${sql.table(table)} for each statement execute function talk_read_changed()`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await sql`drop trigger ${sql.raw(`${table}_read_notify`)} on ${sql.table(table)}`.execute(db)
  await sql`drop function talk_read_changed()`.execute(db)
}
