import type { CreateInterview, CreateReview, CreateSalary } from '../../../shared/src/api/company-reviews.js'

/**
 * Reviews, salary reports and interview reports (issue 10): anonymous writes like Work Talk posts,
 * kept in the outbox and timed by timing-policy.ts, paid for with a token of the company's yearly
 * `review`/`salary` key or the null `interview` key, drawn in this browser's first batch of the year
 * (never because of a write). The server derives the record's id from its token, so a resend is
 * the same record.
 */
export type RecordInput =
  | { kind: 'review'; company: string; body: Omit<CreateReview, 'token'> }
  | { kind: 'salary'; company: string; body: Omit<CreateSalary, 'token'> }
  | { kind: 'interview'; company: string; body: Omit<CreateInterview, 'token'> }
export type RecordKind = RecordInput['kind']

/**
 * What this browser can do about one kind of record for one company now:
 * - ready: it holds a token that can pay (the write may still be held a while by the timing policy);
 * - waiting: the key is in the directory but this browser has not drawn it yet (the planned draw brings it);
 * - used: this year's token is spent (or was drawn by another device of the account);
 * - none: no such key for this member (the company is below MIN_ANONYMITY_SET, or no verification there).
 */
export type RecordAllowance = 'ready' | 'waiting' | 'used' | 'none'

/** This browser's "helpful" mark on a review: stored, or still on its way (`pending`). */
export interface MyHelpful {
  pending: boolean
}
