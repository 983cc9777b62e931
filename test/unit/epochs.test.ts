import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { epochOf, inLastDayOfEpoch, isoWeek, nextEpochOf, previousEpochOf } from '../../shared/src/talk/epochs.js'

describe('issuer-key epochs', () => {
  it('numbers ISO weeks as ISO 8601 does, across year ends', () => {
    const cases: [string, string][] = [
      ['2026-11-25', '2026-W48'],
      ['2026-01-01', '2026-W01'], // a Thursday
      ['2027-01-01', '2026-W53'], // a Friday: still the last week of 2026
      ['2024-12-30', '2025-W01'], // a Monday: already week 1 of 2025
      ['2021-01-03', '2020-W53'],
    ]
    for (const [day, epoch] of cases) assert.equal(epochOf('talk', new Date(`${day}T12:00:00Z`)), epoch, day)
    assert.deepEqual(isoWeek(new Date('2026-11-29T23:59:59Z')), { year: 2026, week: 48 }, 'Sunday ends the week')
  })

  it('gives the neighbouring epochs', () => {
    const at = new Date('2026-12-30T00:00:00Z')
    assert.equal(epochOf('talk', at), '2026-W53')
    assert.equal(nextEpochOf('talk', at), '2027-W01')
    assert.equal(previousEpochOf('talk', at), '2026-W52')
    assert.equal(epochOf('review', at), '2026')
    assert.equal(nextEpochOf('salary', at), '2027')
  })

  it('knows the last day of an epoch', () => {
    assert.equal(inLastDayOfEpoch('talk', new Date('2026-11-29T08:00:00Z')), true, 'Sunday')
    assert.equal(inLastDayOfEpoch('talk', new Date('2026-11-28T08:00:00Z')), false, 'Saturday')
    assert.equal(inLastDayOfEpoch('review', new Date('2026-12-31T08:00:00Z')), true)
    assert.equal(inLastDayOfEpoch('review', new Date('2026-12-30T08:00:00Z')), false)
  })
})
