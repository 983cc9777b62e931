import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { canSeeFullProfile } from '../../server/src/policies/profiles.js'

describe('canSeeFullProfile', () => {
  const owner = (visibility: 'members' | 'connections') => ({ id: 'owner', visibility })
  it('shows a members profile to every member', () => {
    assert.equal(canSeeFullProfile('someone', owner('members'), false), true)
  })
  it('shows a connections-only profile to the owner and 1st-degree connections alone', () => {
    assert.equal(canSeeFullProfile('owner', owner('connections'), false), true)
    assert.equal(canSeeFullProfile('friend', owner('connections'), true), true)
    assert.equal(canSeeFullProfile('someone', owner('connections'), false), false)
  })
})
