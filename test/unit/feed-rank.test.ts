import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FEED } from '../../shared/src/api/limits.js'
import { rankScore } from '../../server/src/services/feed/rank.js'
import { mentionedHandles } from '../../server/src/services/feed/mentions.js'

const at = (iso: string) => new Date(iso)
const HALF_LIFE_MS = FEED.rankHalfLifeHours * 3_600_000

describe('rankScore', () => {
  it('grows with time: a newer post with no engagement ranks above an older one', () => {
    const old = rankScore({ createdAt: at('2026-12-01T00:00:00Z'), likeCount: 0, commentCount: 0 })
    const young = rankScore({ createdAt: at('2026-12-01T01:00:00Z'), likeCount: 0, commentCount: 0 })
    assert.ok(young > old)
  })

  it('counts a comment as two likes', () => {
    const t = at('2026-12-01T00:00:00Z')
    assert.equal(rankScore({ createdAt: t, likeCount: 2, commentCount: 0 }), rankScore({ createdAt: t, likeCount: 0, commentCount: 1 }))
    assert.ok(rankScore({ createdAt: t, likeCount: 0, commentCount: 1 }) > rankScore({ createdAt: t, likeCount: 1, commentCount: 0 }))
  })

  it('halves engagement every half-life: (1 + engagement) doubled ties with a post one half-life newer', () => {
    const t = at('2026-12-01T00:00:00Z')
    const older = rankScore({ createdAt: t, likeCount: 1, commentCount: 0 })
    const newer = rankScore({ createdAt: new Date(t.getTime() + HALF_LIFE_MS), likeCount: 0, commentCount: 0 })
    assert.ok(Math.abs(older - newer) < 1e-9)
  })

  it('orders posts as the decayed score (1 + likes + 2·comments)·2^(−age/halfLife) does, at any time of reading', () => {
    const posts = [
      { createdAt: at('2026-12-01T00:00:00Z'), likeCount: 40, commentCount: 3 },
      { createdAt: at('2026-12-01T20:00:00Z'), likeCount: 2, commentCount: 0 },
      { createdAt: at('2026-12-02T06:00:00Z'), likeCount: 0, commentCount: 1 },
      { createdAt: at('2026-12-02T07:00:00Z'), likeCount: 0, commentCount: 0 },
    ]
    for (const now of [at('2026-12-02T08:00:00Z'), at('2026-12-09T00:00:00Z')]) {
      const decayed = (p: (typeof posts)[number]) => (1 + p.likeCount + 2 * p.commentCount) * 2 ** (-(now.getTime() - p.createdAt.getTime()) / HALF_LIFE_MS)
      const byDecayed = [...posts].sort((x, y) => decayed(y) - decayed(x))
      const byRank = [...posts].sort((x, y) => rankScore(y) - rankScore(x))
      assert.deepEqual(byRank, byDecayed)
    }
  })
})

describe('mentionedHandles', () => {
  it('finds @handles, lower-cased and once each, but not e-mail addresses', () => {
    assert.deepEqual(mentionedHandles('Thanks @Ada-Chen and @bob, cc @ada-chen; mail me at me@example.com'), ['ada-chen', 'bob'])
  })
  it(`looks up at most ${FEED.mentionsPerText}`, () => {
    const text = Array.from({ length: FEED.mentionsPerText + 5 }, (_, i) => `@member${i}`).join(' ')
    assert.equal(mentionedHandles(text).length, FEED.mentionsPerText)
  })
})
