/**
 * The heap as the storage adversary reads it, with pageinspect on both engines: every tuple of
 * every page (dead ones too), and every page's raw bytes — the page's free space still holds
 * bytes of tuples that pruning or VACUUM compacted away.
 */
import type { RelationNames } from './storage-wal.js'

/** Runs one SQL statement with $n parameters and returns its rows. */
export type Query = <R>(text: string, params?: unknown[]) => Promise<R[]>

/** One tuple of a heap page, whether or not any snapshot still sees it. */
export interface HeapVersion {
  /** The table it belongs to; a toast chunk is attributed to the table whose value it holds. */
  table: string
  toast: boolean
  /** The relation it is physically in: the table, or `pg_toast.pg_toast_<oid>`. */
  relation: string
  /** Its own place, `(block,item)`: what `select ctid` returns for the version a query sees. */
  ctid: string
  /** t_ctid: itself, or the newer version an UPDATE made (the update chain). */
  next: string
  xmin: bigint
  /** The transaction that deleted or updated it (0: none; a locker also sets it, see infomask). */
  xmax: bigint
  infomask: number
  /**
   * Visible now: its ctid is among those a plain `select ctid` from its relation returns. That is
   * MVCC's own answer (committed, not deleted by a committed transaction) without
   * reimplementing the infomask/clog rules. Taken in a separate statement from the page read, so
   * only exact when nothing writes meanwhile.
   */
  live: boolean
  /** t_data: the column bytes (from t_hoff: after the header and null bitmap). */
  data: Buffer
  /** For a toast row: which value, which chunk of it, and the chunk's bytes (the value as stored, maybe compressed). */
  chunk?: { valueId: number; seq: number; bytes: Buffer }
}

/** A block as the buffer manager has it now (get_raw_page), including bytes no line pointer points to any more. */
export interface RawPage {
  relation: string
  table: string
  kind: 'heap' | 'toast' | 'index' | 'sequence'
  blkno: number
  bytes: Buffer
}

export interface Relation {
  oid: string
  relation: string
  table: string
  toast: boolean
  user: boolean
  kind: RawPage['kind'] | 'other'
}

/** This database's pg_class, each relation tied to its table (index → table, toast → parent). */
export async function relationNames(query: Query, dbOid: number): Promise<RelationNames & { byOid: Map<string, Relation> }> {
  const rows = await query<{ oid: string; filenode: string | null; name: string; schema: string; kind: string; shared: boolean; toast: string; indexof: string | null }>(`
    select c.oid::text as oid, pg_relation_filenode(c.oid)::text as filenode, c.relname as name, n.nspname as schema, c.relkind::text as kind,
      c.relisshared as shared, c.reltoastrelid::text as toast, i.indrelid::text as indexof
    from pg_class c join pg_namespace n on n.oid = c.relnamespace left join pg_index i on i.indexrelid = c.oid`)
  const byOid = new Map(rows.map((r) => [r.oid, r]))
  const parentOfToast = new Map(rows.filter((r) => r.toast !== '0').map((r) => [r.toast, r.oid]))
  const qualified = (r: { schema: string; name: string }) => (r.schema === 'public' ? r.name : `${r.schema}.${r.name}`)
  const relations = new Map<string, Relation>()
  const byFile = new Map<string, Relation>()
  for (const r of rows) {
    let owner = r.indexof ? (byOid.get(r.indexof) ?? r) : r
    const toast = owner.kind === 't'
    if (toast) owner = byOid.get(parentOfToast.get(owner.oid) ?? '') ?? owner
    const kind = r.kind === 'i' ? 'index' : r.kind === 'S' ? 'sequence' : r.kind === 't' ? 'toast' : r.kind === 'r' || r.kind === 'm' ? 'heap' : 'other'
    const rel: Relation = { oid: r.oid, relation: qualified(r), table: qualified(owner), toast, user: owner.schema === 'public', kind }
    relations.set(r.oid, rel)
    if (r.filenode) byFile.set(`${r.shared ? 0 : dbOid}/${r.filenode}`, rel)
  }
  return { dbOid, byOid: relations, resolve: (db, filenode) => byFile.get(`${db}/${filenode}`) ?? null }
}

/** The user tables' heaps: public tables and materialized views, and their toast tables. */
const HEAPS = `
  with t as (select c.oid, c.reltoastrelid from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'm')),
  heaps as (select oid from t union all select reltoastrelid from t where reltoastrelid <> 0)`
/** Every block of relation `r.oid`; pg_relation_size counts blocks the buffer manager added but has not written yet. */
const BLOCKS = `cross join lateral generate_series(0::bigint, pg_relation_size(r.oid) / current_setting('block_size')::bigint - 1) b(blkno)`

export async function readHeap(query: Query, names: { byOid: Map<string, Relation> }): Promise<HeapVersion[]> {
  const rels = await query<{ oid: string; name: string }>(`${HEAPS} select oid::text as oid, oid::regclass::text as name from heaps`)
  if (!rels.length) return []
  // regclass::text is the server's own quoting of the name: safe to splice back in.
  const visible = new Set(
    (await query<{ oid: string; ctid: string }>(rels.map((r) => `select '${r.oid}' as oid, ctid::text as ctid from ${r.name}`).join(' union all '))).map((r) => `${r.oid}:${r.ctid}`),
  )
  const items = await query<{ oid: string; blkno: string; lp: number; xmin: string; xmax: string; next: string; infomask: number; data: Buffer }>(`
    ${HEAPS}
    select r.oid::text as oid, b.blkno::text as blkno, h.lp, h.t_xmin::text as xmin, h.t_xmax::text as xmax, h.t_ctid::text as next, h.t_infomask as infomask, h.t_data as data
    from heaps r ${BLOCKS} cross join lateral heap_page_items(get_raw_page(r.oid::regclass::text, b.blkno)) h
    where h.lp_flags = 1 and h.t_data is not null
    order by 1, b.blkno, h.lp`)
  return items.map((i) => {
    const rel = names.byOid.get(i.oid)!
    const ctid = `(${i.blkno},${i.lp})`
    const data = Buffer.from(i.data)
    const v: HeapVersion = { table: rel.table, toast: rel.toast, relation: rel.relation, ctid, next: i.next, xmin: BigInt(i.xmin), xmax: BigInt(i.xmax), infomask: i.infomask, live: visible.has(`${i.oid}:${ctid}`), data }
    if (rel.toast) v.chunk = toastChunk(data)
    return v
  })
}

/**
 * A toast row's columns: chunk_id oid, chunk_seq int4, chunk_data bytea (at offset 8, already
 * int-aligned), whose varlena header is 1 byte (odd first byte, length in its upper 7 bits) or 4
 * bytes (length in the upper 30 bits, little-endian), header included.
 */
function toastChunk(data: Buffer): HeapVersion['chunk'] {
  const valueId = data.readUInt32LE(0)
  const seq = data.readInt32LE(4)
  const first = data[8]!
  const bytes = first & 1 ? data.subarray(9, 8 + (first >> 1)) : data.subarray(12, 8 + (data.readUInt32LE(8) >>> 2))
  return { valueId, seq, bytes }
}

/** Toasted values reassembled from their chunks, live or dead, by table and value id. */
export function toastValues(heap: HeapVersion[]): { table: string; valueId: number; live: boolean; bytes: Buffer }[] {
  const values = new Map<string, { table: string; valueId: number; live: boolean; chunks: { seq: number; bytes: Buffer }[] }>()
  for (const v of heap) {
    if (!v.chunk) continue
    const key = `${v.table}:${v.chunk.valueId}`
    let value = values.get(key)
    if (!value) values.set(key, (value = { table: v.table, valueId: v.chunk.valueId, live: false, chunks: [] }))
    value.live ||= v.live
    value.chunks.push(v.chunk)
  }
  return [...values.values()].map((v) => ({ table: v.table, valueId: v.valueId, live: v.live, bytes: Buffer.concat(v.chunks.sort((a, b) => a.seq - b.seq).map((c) => c.bytes)) }))
}

export async function readPages(query: Query, names: { byOid: Map<string, Relation> }): Promise<RawPage[]> {
  const rows = await query<{ oid: string; blkno: string; bytes: Buffer }>(`
    ${HEAPS}, rels as (
      select oid from heaps
      union all select i.indexrelid from pg_index i join heaps h on h.oid = i.indrelid
      union all select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'S')
    select r.oid::text as oid, b.blkno::text as blkno, get_raw_page(r.oid::regclass::text, b.blkno) as bytes
    from rels r ${BLOCKS} order by 1, b.blkno`)
  return rows.map((r) => {
    const rel = names.byOid.get(r.oid)!
    return { relation: rel.relation, table: rel.table, kind: rel.kind === 'other' ? 'heap' : rel.kind, blkno: Number(r.blkno), bytes: Buffer.from(r.bytes) }
  })
}
