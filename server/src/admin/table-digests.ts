/**
 * What a database holds, table by table, in a form two databases can be compared by: row counts
 * (what `npm run backup` and `npm run restore` print) and content digests (what the round-trip
 * test compares a restored copy by).
 */
import { type Kysely, sql } from 'kysely'
import type { DB } from '../db/schema.js'

export interface TableCount {
  table: string
  rows: number
}

export interface TableDigest extends TableCount {
  /**
   * md5 over the md5 of every row's text, taken in the order of those md5s: independent of where
   * rows lie on disk (ctid) and of any key, so a restored copy that wrote its rows in another
   * order digests the same; any changed, missing or added row changes it.
   */
  md5: string
}

/** The base tables of schema public (the app's; no extension has one there), sorted. */
export async function publicTables(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ t: string }>`
    select table_name as t from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db)
  return rows.map((r) => r.t)
}

/** Exact row counts of every table in schema public. */
export async function tableCounts(db: Kysely<DB>): Promise<TableCount[]> {
  const out: TableCount[] = []
  for (const table of await publicTables(db)) {
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(db)
    out.push({ table, rows: Number(rows[0]!.n) })
  }
  return out
}

/**
 * A digest of every table in schema public, then of the schema itself (`(columns)`, `(constraints)`,
 * `(indexes)`, `(triggers)`, `(functions)`, `(extensions)`) and of the sequences' positions
 * (`(sequences)`): two databases with equal digests hold the same rows under the same schema.
 * Row text is spelt under fixed settings (UTC, ISO dates, hex bytea), so two sessions agree.
 */
export async function databaseDigests(db: Kysely<DB>): Promise<TableDigest[]> {
  return db.transaction().execute(async (trx) => {
    for (const setting of ["timezone = 'UTC'", "datestyle = 'ISO, YMD'", "intervalstyle = 'postgres'", 'extra_float_digits = 1', "bytea_output = 'hex'"]) {
      await sql.raw(`set local ${setting}`).execute(trx)
    }
    const out: TableDigest[] = []
    for (const table of await publicTables(trx)) {
      const { rows } = await sql<{ n: string; d: string }>`
        select count(*)::text as n, coalesce(md5(string_agg(h, '' order by h)), md5('')) as d
        from (select md5(t::text) as h from ${sql.table(table)} t) x`.execute(trx)
      out.push({ table, rows: Number(rows[0]!.n), md5: rows[0]!.d })
    }
    const schema: [string, string][] = [
      ['(columns)', `select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as l from information_schema.columns where table_schema = 'public'`],
      ['(constraints)', `select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as l from pg_constraint where connamespace = 'public'::regnamespace`],
      ['(indexes)', `select indexdef as l from pg_indexes where schemaname = 'public'`],
      ['(triggers)', `select tgrelid::regclass::text || ' ' || pg_get_triggerdef(oid) as l from pg_trigger where not tgisinternal and tgrelid in (select oid from pg_class where relnamespace = 'public'::regnamespace)`],
      ['(functions)', `select p.oid::regprocedure::text || ' ' || md5(p.prosrc) as l from pg_proc p where p.pronamespace = 'public'::regnamespace`],
      ['(extensions)', `select extname || ' ' || extversion as l from pg_extension`],
      ['(sequences)', `select sequencename || ' ' || coalesce(last_value::text, 'unused') as l from pg_sequences where schemaname = 'public'`],
    ]
    for (const [name, query] of schema) {
      const { rows } = await sql<{ n: string; d: string }>`
        select count(*)::text as n, coalesce(md5(string_agg(l, E'\n' order by l collate "C")), md5('')) as d from (${sql.raw(query)}) x`.execute(trx)
      out.push({ table: name, rows: Number(rows[0]!.n), md5: rows[0]!.d })
    }
    return out
  })
}

/** Where two sets of digests differ, one line per table (an empty list: the same). */
export function compareDigests(expected: readonly TableDigest[], actual: readonly TableDigest[]): string[] {
  const diffs: string[] = []
  const got = new Map(actual.map((d) => [d.table, d]))
  for (const e of expected) {
    const a = got.get(e.table)
    got.delete(e.table)
    if (!a) diffs.push(`${e.table}: missing (${e.rows} rows expected)`)
    else if (a.rows !== e.rows) diffs.push(`${e.table}: ${a.rows} rows, ${e.rows} expected`)
    else if (a.md5 !== e.md5) diffs.push(`${e.table}: the same ${e.rows} rows in number, but other content (md5 ${a.md5}, ${e.md5} expected)`)
  }
  for (const a of got.values()) diffs.push(`${a.table}: not expected (${a.rows} rows)`)
  return diffs
}

/** The lines `npm run backup` and `npm run restore` print: one per table that has rows, then the totals. */
export function formatCounts(tables: readonly TableCount[]): string[] {
  const filled = tables.filter((t) => t.rows > 0)
  const width = Math.max(5, ...filled.map((t) => t.table.length))
  const total = tables.reduce((n, t) => n + t.rows, 0)
  const empty = tables.length - filled.length
  return [
    ...filled.map((t) => `  ${t.table.padEnd(width)}  ${t.rows.toLocaleString('en-US').padStart(12)}`),
    `  ${tables.length} tables${empty ? ` (${empty} of them empty)` : ''}, ${total.toLocaleString('en-US')} rows`,
  ]
}

/** 1234567 → "1.2 MB". */
export function formatBytes(n: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB']
  let i = 0
  let v = n
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return i === 0 ? `${n} bytes` : `${v.toFixed(1)} ${units[i]}`
}
