/**
 * What the storage adversary reads from PGlite: its data directory, which `dumpDataDir` hands out
 * as a tar, and its WAL through the bundled pg_walinspect (PGlite 0.5 runs PostgreSQL 18; Debian's
 * pg_waldump 15 cannot parse that WAL format).
 */
import { type Kysely, sql } from 'kysely'
import type { DB } from '../../server/src/db/schema.js'
import { formatLsn, fromWalinspectRow, type RawWalRecord } from './storage-wal.js'

/**
 * The regular files of a tar (ustar, as PGlite writes it: names start with "/", and the prefix
 * field holds other data, so only a name ending at its first NUL is used). Bytes are views into
 * the tarball, not copies.
 */
export function untar(tar: Buffer): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = []
  const field = (h: Buffer, from: number, len: number) => {
    const f = h.subarray(from, from + len)
    const nul = f.indexOf(0)
    return f.subarray(0, nul < 0 ? len : nul).toString('utf8')
  }
  let longName: string | null = null
  for (let o = 0; o + 512 <= tar.length; ) {
    const h = tar.subarray(o, o + 512)
    if (h.every((b) => b === 0)) break
    const size = parseInt(field(h, 124, 12).trim() || '0', 8)
    const type = String.fromCharCode(h[156]!)
    const body = tar.subarray(o + 512, o + 512 + size)
    o += 512 + Math.ceil(size / 512) * 512
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0+$/, '') // GNU long name for the next entry
      continue
    }
    const name = (longName ?? field(h, 0, 100)).replace(/^\/+/, '')
    longName = null
    if (type === '0' || type === '\0') out.push({ name, bytes: body })
  }
  return out
}

/**
 * pg_walinspect's records in [start, end), in a transaction that sets TimeZone to UTC: the
 * COMMIT descriptions print their time in the session's zone. The end is clamped by the
 * extension to what is flushed.
 */
export async function walinspect(db: Kysely<DB>, start: bigint, end: bigint): Promise<RawWalRecord[]> {
  if (end <= start) return []
  const rows = await db.transaction().execute(async (trx) => {
    await sql`set local timezone = 'UTC'`.execute(trx)
    const { rows } = await sql<{ lsn: string; xid: string; rmgr: string; type: string; length: number; descr: string | null; blocks: string | null }>`
      select start_lsn::text as lsn, xid::text as xid, resource_manager as rmgr, record_type as type, record_length as length, description as descr, block_ref as blocks
      from pg_get_wal_records_info(${formatLsn(start)}::pg_lsn, ${formatLsn(end)}::pg_lsn)`.execute(trx)
    return rows
  })
  return rows.map(fromWalinspectRow)
}
