/**
 * What the company page is told it can write (web/src/talk/record-allowance.ts), and what a record's
 * refusals mean (outcomes.ts), as pure functions: who may hold which yearly key, one record of a kind
 * about a company a year, tokens claimed by records on their way, draws not made yet.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Me } from '../../shared/src/api/index.js'
import { ApiError } from '../../web/src/api/client.js'
import { failureKind } from '../../web/src/talk/outcomes.js'
import type { OutboxEntry } from '../../web/src/talk/outbox.js'
import { recordAllowance, type AllowanceFacts } from '../../web/src/talk/record-allowance.js'
import { recordItem } from '../../web/src/talk/record-items.js'
import { yearlyAllowanceKeys } from '../../web/src/talk/record-keys.js'
import type { DirectoryEntry } from '../../web/src/talk/voices.js'
import type { YearlyDraw } from '../../web/src/talk/yearly-draws.js'
import { me, review } from './records-harness.js'

const NOW = Date.UTC(2026, 11, 9, 12)
const key = (keyId: string, company: string | null, purpose: string, epoch = '2026') => ({ keyId, company, purpose, epoch, publicKey: 'x', anonymitySet: 20 }) as DirectoryEntry
const DIRECTORY = [
  key('acme-review', 'acme', 'review'),
  key('acme-salary', 'acme', 'salary'),
  key('interview', null, 'interview'),
  key('initech-review', 'initech', 'review'),
  key('talk', null, 'talk', '2026-W50'),
]
const drew = (k: DirectoryEntry, done: YearlyDraw['done'] = 'drawn'): [string, YearlyDraw] => [k.keyId, { done, company: k.company, purpose: k.purpose, epoch: k.epoch, week: '2026-W50' }]

function facts(f: Partial<AllowanceFacts> & { tokens?: Record<string, number> } = {}): AllowanceFacts {
  const tokens = f.tokens ?? {}
  return { me, directory: DIRECTORY, yearly: {}, held: (s) => tokens[`${s.company ?? '*'}|${s.purpose}`] ?? 0, written: () => false, outbox: [], now: NOW, ...f }
}
const interview = (company: string) => recordItem({ kind: 'interview', company, body: { position: 'Engineer', outcome: 'pending', difficulty: 3, experience: 'neutral', body: 'Fine.' } }, 3600)

describe('recordAllowance', () => {
  it('none for a company the member never worked at, or without the key; interviews for any verified member', () => {
    assert.equal(recordAllowance('review', 'initech', facts()), 'none', 'a key, but no employment there')
    assert.equal(recordAllowance('salary', 'globex', facts()), 'none', 'worked there, but the company has no key (below the anonymity set)')
    assert.equal(recordAllowance('interview', 'initech', facts()), 'waiting')
    assert.equal(recordAllowance('interview', 'initech', facts({ me: { ...me, employments: [] } as Me })), 'none', 'not verified anywhere')
    assert.equal(recordAllowance('review', 'acme', facts({ me: null })), 'none')
  })

  it('waiting until the batch draws the key; ready with a token; used once drawn and gone, drawn elsewhere, or written', () => {
    const acmeReview = DIRECTORY[0]!
    assert.equal(recordAllowance('review', 'acme', facts()), 'waiting')
    assert.equal(recordAllowance('review', 'acme', facts({ yearly: Object.fromEntries([drew(acmeReview)]), tokens: { 'acme|review': 1 } })), 'ready')
    assert.equal(recordAllowance('review', 'acme', facts({ yearly: Object.fromEntries([drew(acmeReview)]) })), 'used', 'its one token is spent')
    assert.equal(recordAllowance('review', 'acme', facts({ yearly: Object.fromEntries([drew(acmeReview, 'quota')]) })), 'used', 'drawn on another device')
    assert.equal(recordAllowance('review', 'acme', facts({ yearly: Object.fromEntries([drew(acmeReview, 'not_verified')]) })), 'none', 'refused this week')
    assert.equal(recordAllowance('review', 'acme', facts({ tokens: { 'acme|review': 1 }, written: (k, c) => k === 'review' && c === 'acme' })), 'used', 'one a year, though last year’s token could still pay')
    assert.equal(recordAllowance('review', 'acme', facts({ tokens: { 'acme|review': 1 }, outbox: [recordItem(review(), 3600) as OutboxEntry] })), 'used', 'one on its way')
  })

  it('interview reports: one per company a year, and tokens claimed by reports on their way are not offered again', () => {
    const yearly = Object.fromEntries([drew(DIRECTORY[2]!)])
    assert.equal(recordAllowance('interview', 'initech', facts({ yearly, tokens: { '*|interview': 2 }, outbox: [interview('initech')] })), 'used')
    assert.equal(recordAllowance('interview', 'hooli', facts({ yearly, tokens: { '*|interview': 2 }, outbox: [interview('initech')] })), 'ready')
    assert.equal(recordAllowance('interview', 'hooli', facts({ yearly, tokens: { '*|interview': 1 }, outbox: [interview('initech')] })), 'used', 'the one token left is that report’s')
    const failed = { ...interview('initech'), state: 'failed' as const }
    assert.equal(recordAllowance('interview', 'initech', facts({ yearly, tokens: { '*|interview': 1 }, outbox: [failed] })), 'ready', 'a refused one counts for nothing')
  })

  it('on the year’s last day next year’s keys are listed: not drawn yet, the batch brings them', () => {
    const lastDay = Date.UTC(2026, 11, 31, 12)
    const directory = [...DIRECTORY, key('acme-review-2027', 'acme', 'review', '2027')]
    const yearly = Object.fromEntries([drew(DIRECTORY[0]!)])
    assert.equal(recordAllowance('review', 'acme', facts({ directory, yearly, now: lastDay })), 'waiting')
    assert.deepEqual(
      yearlyAllowanceKeys(me, directory, new Date(lastDay)).map((k) => k.keyId).sort(),
      ['acme-review', 'acme-review-2027', 'acme-salary', 'interview'],
      'acme’s and the interview key, this year’s and next; not initech’s (never worked there), no weekly key',
    )
  })
})

describe('failureKind for records and helpful marks', () => {
  const problem = (status: number, code: string, reason?: string) => new ApiError({ type: 'about:blank', title: code, status, detail: code, code, ...(reason && { reason }) })
  it('already_helpful is stored; a token of another company’s key is this client’s bug, not a bad key', () => {
    assert.equal(failureKind(problem(409, 'already_helpful')), 'stored')
    assert.equal(failureKind(problem(403, 'invalid_token', 'wrong_company')), 'final')
    assert.equal(failureKind(problem(400, 'unknown_currency')), 'final')
  })
})
