/**
 * The `hot` ranking of Work Talk threads: a score kept in a column and updated by every write that
 * moves it (a vote on the opening post, a reply from a new key), never computed per request.
 *
 *     hot = sign(s) · log10(max(1, |s|)) + REPLIER_WEIGHT · log10(1 + r) + (t − EPOCH_S) / DECAY_S
 *
 * with s the opening post's score (ups − downs), r the distinct keys that replied and t the
 * thread's creation time in seconds. As on Reddit, votes count by their order of magnitude — the
 * 10th vote moves a thread as much as the first, the 100th as much as the 10th — which dampens what
 * one member's weekly react quota can do; replies from distinct keys count a little more, since
 * conversation is what a forum is for; and every DECAY_S seconds of age weigh as much as a tenfold
 * score. Because the age term grows with creation time, a thread's score never needs refreshing
 * as it ages: newer threads simply start higher.
 */
export const HOT = {
  /** Seconds of age that weigh as much as a tenfold score: 12.5 hours. */
  decayS: 45_000,
  /** A fixed origin for the age term, so scores stay small numbers. */
  epochS: 1_700_000_000,
  replierWeight: 1.5,
} as const

export function hotScore(score: number, repliers: number, createdAt: Date): number {
  const votes = Math.sign(score) * Math.log10(Math.max(1, Math.abs(score)))
  const conversation = HOT.replierWeight * Math.log10(1 + Math.max(0, repliers))
  return votes + conversation + (createdAt.getTime() / 1000 - HOT.epochS) / HOT.decayS
}
