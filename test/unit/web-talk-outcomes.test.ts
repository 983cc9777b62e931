/**
 * What a refusal means for an outbox item (web/src/talk/outcomes.ts): above all, which answers
 * make the client give up a key's tokens — only a token the server says is bad, never a token of
 * the right key sent for the wrong kind of write.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiError } from '../../web/src/api/client.js'
import { failureKind } from '../../web/src/talk/outcomes.js'

const problem = (status: number, code: string, reason?: string) =>
  new ApiError({ type: 'about:blank', title: code, status, detail: code, code, ...(reason && { reason }) })

describe('failureKind', () => {
  it('doubts the key only for a token the server calls invalid, not for one of the wrong purpose', () => {
    assert.equal(failureKind(problem(403, 'invalid_token')), 'badKey')
    assert.equal(failureKind(problem(403, 'invalid_token', 'wrong_purpose')), 'final')
  })
  it('spends again, resends, asks for a token or uploads images again as the answer says', () => {
    assert.equal(failureKind(problem(409, 'token_spent')), 'respend')
    assert.equal(failureKind(problem(400, 'token_required')), 'needToken')
    assert.equal(failureKind(problem(400, 'unknown_image')), 'images')
    for (const status of [0, 408, 429, 500, 503]) assert.equal(failureKind(problem(status, 'x')), 'resend', String(status))
    assert.equal(failureKind(problem(409, 'label_mismatch')), 'final')
    assert.equal(failureKind(new Error('boom')), 'final')
  })
})
