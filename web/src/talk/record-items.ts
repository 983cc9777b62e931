import { randomBetween } from './delays.js'
import type { HelpfulItem, OutboxEntry, RecordItem } from './outbox.js'
import type { MyHelpful, RecordInput } from './records.js'
import { pickAgeDelay, pickHoldDelay } from './timing-policy.js'

/**
 * What every record and helpful mark shares: no text, label or voice of a post; timed like a new
 * post (timing-policy.ts planWrite, through the Sender): its random waits — the age delay when it
 * can only pay with fresh tokens, the hold after a draw — drawn once here, so "publishing at …"
 * stays put. No "publish within N minutes": due when written.
 */
function base(minTokenAgeS: number): Omit<OutboxEntry, 'kind'> {
  const now = Date.now()
  return {
    id: crypto.randomUUID(),
    threadId: null,
    title: '',
    body: '',
    label: 'alias',
    voiceId: '',
    withinMinutes: 0,
    sooner: false,
    createdAt: now,
    state: 'waiting',
    sendAt: now,
    ageDelayMs: pickAgeDelay(minTokenAgeS * 1000, randomBetween),
    holdDelayMs: pickHoldDelay(randomBetween),
  }
}

/** A review, salary or interview report for the outbox; its fields are kept with it until it goes (a refused one can be put back). */
export function recordItem(input: RecordInput, minTokenAgeS: number): RecordItem {
  return { ...base(minTokenAgeS), kind: input.kind, company: input.company, record: structuredClone(input) }
}

/** A helpful mark on a review for the outbox: a `react` token, like a first vote. */
export function helpfulItem(company: string, reviewId: string, minTokenAgeS: number): HelpfulItem {
  return { ...base(minTokenAgeS), kind: 'helpful', company, reviewId }
}

/**
 * This browser's helpful marks: the stored ones (RecordBook), then those in the outbox over them.
 * A refused one counts for nothing.
 */
export function ownHelpful(stored: Readonly<Record<string, true>>, items: readonly OutboxEntry[]): Record<string, MyHelpful> {
  const marks: Record<string, MyHelpful> = {}
  for (const id of Object.keys(stored)) marks[id] = { pending: false }
  for (const p of items) if (p.kind === 'helpful' && p.reviewId && p.state !== 'failed' && !marks[p.reviewId]) marks[p.reviewId] = { pending: p.state !== 'stored' }
  return marks
}
