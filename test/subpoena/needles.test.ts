import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { NeedleSet } from './needles.js'

/** The one-pass search answers exactly what one `Buffer.includes` per needle answers. */
describe('NeedleSet', () => {
  it('finds the same needles as Buffer.includes, on random haystacks and needles (some cut from the haystack)', () => {
    // A small alphabet, so prefixes collide and partial matches are common.
    const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((a) => Buffer.from(a.map((b) => b % 4)))
    fc.assert(
      fc.property(bytes(0, 300), fc.array(bytes(4, 12), { maxLength: 8 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 4, max: 16 })), { maxLength: 4 }), (hay, random, cuts) => {
        const cut = cuts.filter(([at, len]) => hay.length >= len).map(([at, len]) => hay.subarray(at % (hay.length - len + 1), (at % (hay.length - len + 1)) + len))
        const needles = [...random, ...cut]
        const expected = new Set(needles.flatMap((n, i) => (hay.includes(n) ? [i] : [])))
        assert.deepEqual(new NeedleSet(needles).foundIn(hay), expected)
      }),
      { numRuns: 500 },
    )
  })

  it('finds a needle at the very start and the very end, and refuses one shorter than 4 bytes', () => {
    const hay = Buffer.from('secret-at-start middle secret-at-end')
    const found = new NeedleSet([Buffer.from('secret-at-start'), Buffer.from('secret-at-end'), Buffer.from('not-there')]).foundIn(hay)
    assert.deepEqual(found, new Set([0, 1]))
    assert.throws(() => new NeedleSet([Buffer.from('abc')]), RangeError)
  })
})
