/**
 * Which of many byte strings occur in a haystack, in one pass over it. The subpoena adversary
 * looks for every secret (hundreds, each in up to three forms) in the tables, the backup, the WAL
 * and every row version and page: one `Buffer.includes` per secret and place read the same
 * megabytes a thousand times over (20 of the 22 s of one adversary run). Here each needle is
 * filed under its first 4 bytes, a 64 KiB filter says at almost every offset that no needle starts
 * there, and only the rare candidate is compared in full — the same answer as `includes`, which
 * needles.test.ts checks on random inputs.
 */
const PREFIX = 4

export class NeedleSet {
  private readonly byPrefix = new Map<number, number[]>()
  private readonly filter = new Uint8Array(1 << 16)

  /** Every needle is at least 4 bytes long (the adversary's are at least 8). */
  constructor(readonly needles: readonly Buffer[]) {
    needles.forEach((n, i) => {
      if (n.length < PREFIX) throw new RangeError(`a needle of ${n.length} bytes: at least ${PREFIX}`)
      const key = n.readUInt32LE(0)
      this.filter[slot(key)] = 1
      const list = this.byPrefix.get(key)
      if (list) list.push(i)
      else this.byPrefix.set(key, [i])
    })
  }

  /** The indices (into `needles`) of those found in `hay`. */
  foundIn(hay: Buffer): Set<number> {
    const found = new Set<number>()
    if (!this.needles.length || hay.length < PREFIX) return found
    const { filter, byPrefix, needles } = this
    // The 4 bytes at offset i, little-endian, rolled one byte at a time (seeded as if at i = -1).
    let key = ((hay[0]! << 8) | (hay[1]! << 16) | (hay[2]! << 24)) >>> 0
    for (let i = 0; i + PREFIX <= hay.length; i++) {
      key = ((key >>> 8) | (hay[i + 3]! << 24)) >>> 0
      if (!filter[slot(key)]) continue
      const list = byPrefix.get(key)
      if (!list) continue
      for (const n of list) {
        if (found.has(n)) continue
        const needle = needles[n]!
        if (i + needle.length <= hay.length && hay.compare(needle, 0, needle.length, i, i + needle.length) === 0) found.add(n)
      }
    }
    return found
  }
}

const slot = (key: number) => (key ^ (key >>> 16)) & 0xffff
