/**
 * What storage shows of a simulated population (members.ts), without a database: each draw as one
 * transaction per key at its moment (the issuance counter row and its WAL record), each write in
 * the transaction of its mixing window at the window's end, in random order (openings first), each
 * session's day of use at the commit of the batch that wrote it, after that day. The database run
 * (timing.test.ts) checks this against the timeline the storage adversary rebuilds from the real
 * WAL, so the in-memory runs attack what the server really records.
 */
import type { KeyInfo, PostRow, Timeline } from './attacks.js'
import type { ModelRun, ModelWrite } from './members.js'

export const keyIdOf = (company: string | null, purpose: string, epoch: string) => `${company ?? '*'}|${purpose}|${epoch}`

export interface ObservedRun {
  tl: Timeline
  authorOf: Map<string, string>
  sentAt: Map<string, number>
  writeOf: Map<string, ModelWrite>
}

export function observe(run: ModelRun, opts: { touches?: boolean; spentEpochs?: boolean; random?: () => number } = {}): ObservedRun {
  const random = opts.random ?? Math.random
  type Tx = { at: number; order: number; draw?: { account: string; key: KeyInfo }; window?: ModelWrite[] }
  const txs: Tx[] = []
  let order = 0
  for (const d of run.draws) {
    for (const k of d.keys) txs.push({ at: d.at, order: order++, draw: { account: d.member, key: { keyId: keyIdOf(k.company, k.purpose, k.epoch), ...k } } })
  }
  const windows = new Map<number, ModelWrite[]>()
  for (const w of run.writes) {
    if (!windows.has(w.committedAt)) windows.set(w.committedAt, [])
    windows.get(w.committedAt)!.push(w)
  }
  // A draw at the very moment a window ends comes after it (the window's commit runs first).
  for (const [at, ws] of windows) txs.push({ at: at - 0.5, order: order++, window: ws })
  txs.sort((a, b) => a.at - b.at || a.order - b.order)
  const tl: Timeline = { draws: [], posts: new Map(), spentEpochs: opts.spentEpochs ? new Map() : null, touches: opts.touches === false ? null : run.touches.map((t) => ({ account: t.member, sim: t.at, day: Math.floor(Date.parse(t.day) / 86_400_000) })) }
  txs.forEach((tx, i) => {
    if (tx.draw) tl.draws.push({ tx: i, sim: tx.at, ...tx.draw })
    if (tx.window) {
      const ws = [...tx.window]
      for (let j = ws.length - 1; j > 0; j--) {
        const k = Math.floor(random() * (j + 1))
        ;[ws[j], ws[k]] = [ws[k]!, ws[j]!]
      }
      ws.sort((a, b) => Number(b.kind === 'thread') - Number(a.kind === 'thread'))
      ws.forEach((w, place) => {
        const row: PostRow = { id: w.id, threadId: w.thread, label: w.label, voice: w.voice, companySlug: w.companySlug, authorKey: w.pseudonym, isOpening: w.kind === 'thread', createdAt: new Date(Math.floor(w.committedAt / 60_000) * 60_000) }
        tl.posts.set(w.id, { tx: i, place, sim: w.committedAt, row })
      })
      if (tl.spentEpochs) tl.spentEpochs.set(i, new Set(ws.map((w) => w.token.epoch)))
    }
  })
  return {
    tl,
    authorOf: new Map(run.writes.map((w) => [w.id, w.member])),
    sentAt: new Map(run.writes.map((w) => [w.id, w.sentAt])),
    writeOf: new Map(run.writes.map((w) => [w.id, w])),
  }
}
