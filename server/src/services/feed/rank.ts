import { FEED } from '../../../../shared/src/api/limits.js'

/**
 * A post's place in the home feed: engagement decayed by age, as a number that does not depend on
 * the time of reading, so it can be stored on the post, indexed, and paged by keyset.
 *
 * The decayed score is (1 + likes + 2·comments) · 2^(−age / halfLife). Its logarithm is
 * log2(1 + likes + 2·comments) + createdHours / halfLife − nowHours / halfLife, and the last term is
 * the same for every post at one moment: ordering by the rest orders by the decayed score. So a
 * post a half-life older needs twice the engagement (plus one) to rank alongside a new one. The
 * rank changes only when the counters do, in the write that changes them.
 */
export function rankScore(p: { createdAt: Date; likeCount: number; commentCount: number }): number {
  const hours = p.createdAt.getTime() / 3_600_000
  return hours / FEED.rankHalfLifeHours + Math.log2(1 + Math.max(0, p.likeCount) + 2 * Math.max(0, p.commentCount))
}
