/**
 * A poll's closing time is a whole hour (UTC): a time to the second ("now + 24 h") would say when
 * the poll was written. The one owner of that rule — the server checks it (anon/services/polls.ts),
 * clients round to it.
 */
export const POLL_CLOSING_STEP_MS = 3_600_000

/** Whether `at` (ms) is a closing time the server takes. */
export const isPollClosingTime = (at: number): boolean => at % POLL_CLOSING_STEP_MS === 0

/** The first closing time at or after `at` (ms). */
export const pollClosingAtOrAfter = (at: number): Date => new Date(Math.ceil(at / POLL_CLOSING_STEP_MS) * POLL_CLOSING_STEP_MS)
