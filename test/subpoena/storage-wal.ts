/**
 * The write-ahead log as the storage adversary reads it: records parsed from `pg_waldump`'s lines
 * (PostgreSQL) or `pg_walinspect`'s rows (PGlite, whose PostgreSQL 18 WAL Debian's pg_waldump 15
 * cannot read), grouped into the transactions of one database, plus the raw bytes of each record
 * cut out of the segment files themselves.
 */

/** A block a WAL record changes (`blkref #n: rel <spc>/<db>/<relfilenode> [fork f] blk <n>`). */
export interface WalBlock {
  spcOid: number
  dbOid: number
  relfilenode: number
  fork: string
  blkno: number
  /** The relation as this database names it now (`scratch_pkey`, `pg_toast.pg_toast_16437`); null when it is gone or not this database's. */
  relation: string | null
  /** Its table: the table itself, an index's table, a toast table's parent; catalogs schema-qualified. */
  table: string | null
  toast: boolean
}

export interface WalRecord {
  /** Where the record starts, as PostgreSQL prints it (`0/1791EA0`). `parseLsn` turns it into a number. */
  lsn: string
  /** The transaction (0 for records outside one: pruning, checkpoints, hint-bit page images). A subtransaction's records carry its own xid. */
  xid: bigint
  /** Resource manager: Heap, Heap2, Btree, Transaction, XLOG, Standby… */
  rmgr: string
  /** Record type: INSERT, HOT_UPDATE, COMMIT, ABORT, FPI… */
  type: string
  /** The tool's description after the type (offsets, flags; a COMMIT's timestamp and invalidations). */
  description: string
  /** Total record length in bytes, full-page images included. */
  length: number
  blocks: WalBlock[]
  /** The table of the first block that belongs to this database (see WalBlock.table), or null. */
  table: string | null
  /**
   * The record exactly as stored (XLogRecord header first: xl_tot_len, xl_xid, …), page headers
   * removed when it crosses a page. Heap INSERT/UPDATE records carry the new tuple's column
   * bytes uncompressed unless the value itself was compressed. Absent when the segment was not
   * readable.
   */
  bytes?: Buffer
}

export interface WalTransaction {
  /** The top-level xid; the records of committed subtransactions are folded in. */
  xid: bigint
  subxids: bigint[]
  /**
   * The timestamp in the transaction's COMMIT record, or its ABORT record when `aborted` (the
   * moment it ended either way); null while it is unfinished at the end of the range.
   * PostgreSQL writes microseconds (`commitMicros`); a Date keeps milliseconds. PGlite's clock
   * (Emscripten's) only ticks in milliseconds.
   */
  commitTime: Date | null
  /** Microseconds since the Unix epoch, as in the record. */
  commitMicros: bigint | null
  /** Where its COMMIT/ABORT record is: the commit order. */
  endLsn: string | null
  aborted: boolean
  /** User tables (schema public) it wrote, indexes and toast folded into their table, in first-touch order. */
  tables: string[]
  /** All its records (subtransactions' included) in WAL order. */
  records: WalRecord[]
}

/** A record as either tool reports it, before it is tied to this database's names. */
export interface RawWalRecord {
  lsn: bigint
  xid: bigint
  rmgr: string
  type: string
  description: string
  length: number
  blocks: { spcOid: number; dbOid: number; relfilenode: number; fork: string; blkno: number }[]
}

export function parseLsn(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]+)\/([0-9A-Fa-f]+)$/.exec(lsn.trim())
  if (!m) throw new Error(`not an LSN: ${lsn}`)
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`)
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`
}

const BLOCK_REF = /blkref #\d+: rel (\d+)\/(\d+)\/(\d+)(?: fork (\w+))? blk (\d+)/g

function parseBlocks(text: string): RawWalRecord['blocks'] {
  return [...text.matchAll(BLOCK_REF)].map((m) => ({ spcOid: Number(m[1]), dbOid: Number(m[2]), relfilenode: Number(m[3]), fork: m[4] ?? 'main', blkno: Number(m[5]) }))
}

/**
 * One line of `pg_waldump` (PostgreSQL 15 prints the block references on the same line):
 *   rmgr: Heap  len (rec/tot):  72/  72, tx:  755, lsn: 0/0195DF80, prev 0/0195DF58, desc: HOT_UPDATE off 1 …, blkref #0: rel 1663/16384/16456 blk 0
 * The desc starts with the record type; null for lines that are not records (pg_waldump prints
 * nothing else to stdout without --stats, but stay tolerant).
 */
export function parseWaldumpLine(line: string): RawWalRecord | null {
  const m = /^rmgr: (\S+)\s+len \(rec\/tot\):\s*\d+\/\s*(\d+), tx:\s*(\d+), lsn: ([0-9A-F]+\/[0-9A-F]+), prev [0-9A-F]+\/[0-9A-F]+, desc: (.*)$/.exec(line)
  if (!m) return null
  const desc = m[5]!
  const cut = desc.indexOf(', blkref #')
  const head = (cut < 0 ? desc : desc.slice(0, cut)).trim()
  const space = head.indexOf(' ')
  return {
    lsn: parseLsn(m[4]!),
    xid: BigInt(m[3]!),
    rmgr: m[1]!,
    type: space < 0 ? head : head.slice(0, space),
    description: space < 0 ? '' : head.slice(space + 1).trim(),
    length: Number(m[2]),
    blocks: cut < 0 ? [] : parseBlocks(desc.slice(cut)),
  }
}

/** One row of `pg_get_wal_records_info` (pg_walinspect, PostgreSQL 15–18 columns). */
export function fromWalinspectRow(r: { lsn: string; xid: string; rmgr: string; type: string; length: number; descr: string | null; blocks: string | null }): RawWalRecord {
  return { lsn: parseLsn(r.lsn), xid: BigInt(r.xid), rmgr: r.rmgr, type: r.type, description: r.descr ?? '', length: Number(r.length), blocks: parseBlocks(r.blocks ?? '') }
}

/**
 * The timestamp at the start of a COMMIT/ABORT description, in µs since the epoch. pg_waldump
 * prints `2026-12-01 19:55:21.282217 UTC` (we run it with TZ=UTC: it prints local time with a
 * zone abbreviation), pg_walinspect the session's TimeZone as `2026-12-01 19:52:24.171+00` (we
 * set it to UTC for the query).
 */
export function parseWalTime(description: string): bigint | null {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\s*(UTC|GMT|Z|[+-]\d\d(?::?\d\d)?)?(?=[;\s]|$)/.exec(description)
  if (!m) return null
  const zone = m[4] ?? 'UTC'
  if (!/^(UTC|GMT|Z|[+-]00(:?00)?)$/.test(zone)) throw new Error(`WAL timestamp not in UTC: ${description.slice(0, 40)}`)
  const ms = Date.parse(`${m[1]}T${m[2]}Z`)
  return BigInt(ms) * 1000n + BigInt((m[3] ?? '').padEnd(6, '0'))
}

/** Names for (database, relfilenode) pairs, from this database's pg_class. */
export interface RelationNames {
  dbOid: number
  /** null when the relfilenode is not this database's (dropped, rewritten, another database's). */
  resolve(dbOid: number, relfilenode: number): { relation: string; table: string; toast: boolean; user: boolean } | null
}

const isEnd = (r: RawWalRecord) => r.rmgr === 'Transaction' && (r.type === 'COMMIT' || r.type === 'ABORT')

/**
 * Groups records into this database's transactions. A transaction is this database's when one
 * of its records changes a block of it, or takes a lock in it (Standby LOCK `db <oid>`); a
 * COMMIT record alone does not say which database it belongs to. Committed subtransactions
 * (listed in the COMMIT's `subxacts:`) fold into their parent; a rolled-back savepoint stays an
 * aborted transaction of its own. Returns also every record of this database, transactional or
 * not, in WAL order.
 */
export function assembleTransactions(raw: RawWalRecord[], names: RelationNames, bytesOf: (r: RawWalRecord) => Buffer | undefined): { transactions: WalTransaction[]; records: WalRecord[] } {
  const sorted = [...raw].sort((a, b) => (a.lsn < b.lsn ? -1 : a.lsn > b.lsn ? 1 : 0))
  const lockDb = new RegExp(`\\bdb ${names.dbOid}\\b`)
  const parentOf = new Map<bigint, bigint>()
  for (const r of sorted) {
    if (!isEnd(r)) continue
    const subs = /subxacts:((?: \d+)+)/.exec(r.description)
    if (subs && r.type === 'COMMIT') for (const s of subs[1]!.trim().split(/\s+/)) parentOf.set(BigInt(s), r.xid)
  }
  const topOf = (xid: bigint) => parentOf.get(xid) ?? xid

  const ours = new Set<bigint>()
  for (const r of sorted) {
    if (r.xid === 0n) continue
    if (r.blocks.some((b) => b.dbOid === names.dbOid) || (r.rmgr === 'Standby' && r.type === 'LOCK' && lockDb.test(r.description))) ours.add(topOf(r.xid))
  }

  const records: WalRecord[] = []
  const groups = new Map<bigint, WalRecord[]>()
  const ends = new Map<bigint, { record: RawWalRecord }>()
  for (const r of sorted) {
    const top = r.xid === 0n ? 0n : topOf(r.xid)
    const mine = top !== 0n ? ours.has(top) : r.blocks.some((b) => b.dbOid === names.dbOid)
    if (!mine) continue
    const blocks: WalBlock[] = r.blocks.map((b) => {
      const n = names.resolve(b.dbOid, b.relfilenode)
      return { ...b, relation: n?.relation ?? null, table: n?.table ?? null, toast: n?.toast ?? false }
    })
    const bytes = bytesOf(r)
    const record: WalRecord = {
      lsn: formatLsn(r.lsn),
      xid: r.xid,
      rmgr: r.rmgr,
      type: r.type,
      description: r.description,
      length: r.length,
      blocks,
      table: blocks.find((b) => b.table !== null)?.table ?? null,
      ...(bytes && { bytes }),
    }
    records.push(record)
    if (top === 0n) continue
    let g = groups.get(top)
    if (!g) groups.set(top, (g = []))
    g.push(record)
    if (isEnd(r) && r.xid === top) ends.set(top, { record: r })
  }

  const transactions: WalTransaction[] = [...groups.entries()].map(([xid, recs]) => {
    const end = ends.get(xid)?.record
    const micros = end ? parseWalTime(end.description) : null
    const tables: string[] = []
    for (const rec of recs) {
      for (const b of rec.blocks) {
        const n = names.resolve(b.dbOid, b.relfilenode)
        if (n?.user && !tables.includes(n.table)) tables.push(n.table)
      }
    }
    return {
      xid,
      subxids: [...new Set(recs.map((r) => r.xid).filter((x) => x !== xid))],
      commitTime: micros === null ? null : new Date(Number(micros / 1000n)),
      commitMicros: micros,
      endLsn: end ? formatLsn(end.lsn) : null,
      aborted: end?.type === 'ABORT',
      tables,
      records: recs,
    }
  })
  // Commit order is the order of the COMMIT/ABORT records; the unfinished go last, by first record.
  const key = (t: WalTransaction) => (t.endLsn ? parseLsn(t.endLsn) : (1n << 64n) + parseLsn(t.records[0]!.lsn))
  transactions.sort((a, b) => (key(a) < key(b) ? -1 : 1))
  return { transactions, records }
}

/**
 * WAL segment files, read by LSN. A WAL page (8 kB) starts with a header — 40 bytes on a
 * segment's first page (XLP_LONG_HEADER), 24 on the others (both MAXALIGNed, 8 on x86-64 and on
 * PGlite's wasm32) — and a record that does not fit continues after the next page's header. So a
 * value split across a page boundary is not contiguous in the files: `stream` removes the
 * headers, and `record` reassembles one record.
 */
export class WalSegments {
  constructor(
    readonly segmentSize: number,
    readonly pageSize: number,
    /** segment number (LSN / segment size) → its file */
    private readonly segments: Map<bigint, Buffer>,
  ) {}

  /** A segment's number from its file name: 8 hex digits timeline, 8 "log", 8 segment within it. */
  static segmentNumber(name: string, segmentSize: number): bigint | null {
    const m = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})$/.exec(name)
    if (!m) return null
    return BigInt(`0x${m[2]}`) * (0x100000000n / BigInt(segmentSize)) + BigInt(`0x${m[3]}`)
  }

  static segmentName(segno: bigint, timeline: number, segmentSize: number): string {
    const perLog = 0x100000000n / BigInt(segmentSize)
    const hex = (n: bigint | number) => n.toString(16).toUpperCase().padStart(8, '0')
    return hex(timeline) + hex(segno / perLog) + hex(segno % perLog)
  }

  has(lsn: bigint): boolean {
    return this.segments.has(lsn / BigInt(this.segmentSize))
  }

  /** The bytes [start, end) as they lie in the files, page headers included. */
  raw(start: bigint, end: bigint): Buffer {
    const parts: Buffer[] = []
    const size = BigInt(this.segmentSize)
    for (let pos = start; pos < end; ) {
      const seg = this.segments.get(pos / size)
      const off = Number(pos % size)
      const take = Math.min(this.segmentSize - off, Number(end - pos))
      if (!seg) throw new Error(`WAL segment for ${formatLsn(pos)} is missing`)
      parts.push(seg.subarray(off, off + take))
      pos += BigInt(take)
    }
    return Buffer.concat(parts)
  }

  private headerSize(pageStart: bigint): number {
    const seg = this.segments.get(pageStart / BigInt(this.segmentSize))
    if (!seg) return 24
    const info = seg.readUInt16LE(Number(pageStart % BigInt(this.segmentSize)) + 2)
    return info & 0x0002 ? 40 : 24
  }

  /** The record contents between start and end: [start, end) without the page headers in it. */
  stream(start: bigint, end: bigint): Buffer {
    const parts: Buffer[] = []
    const page = BigInt(this.pageSize)
    for (let pageStart = start - (start % page); pageStart < end; pageStart += page) {
      if (!this.has(pageStart)) continue
      const from = pageStart + BigInt(this.headerSize(pageStart))
      const a = from > start ? from : start
      const b = pageStart + page < end ? pageStart + page : end
      if (a < b) parts.push(this.raw(a, b))
    }
    return Buffer.concat(parts)
  }

  /** `length` bytes of the record at `lsn`, skipping the headers of the pages it crosses. */
  record(lsn: bigint, length: number): Buffer | undefined {
    const parts: Buffer[] = []
    const page = BigInt(this.pageSize)
    let pos = lsn
    let left = length
    while (left > 0) {
      if (!this.has(pos)) return undefined
      const pageStart = pos - (pos % page)
      const contents = pageStart + BigInt(this.headerSize(pageStart))
      if (pos < contents) pos = contents
      const take = Math.min(left, Number(pageStart + page - pos))
      parts.push(this.raw(pos, pos + BigInt(take)))
      left -= take
      pos += BigInt(take)
    }
    return Buffer.concat(parts)
  }
}
