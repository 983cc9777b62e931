import { LOGIN_THROTTLE } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { TooManyAttemptsError } from '../../errors.js'
import { normaliseEmail } from '../accounts/accounts.js'
import type { Limit } from '../limits/rate-limits.js'
import { clearLimit, releaseSlots, type Slot, takeSlots } from '../limits/slots.js'

const WINDOW_S = LOGIN_THROTTLE.windowMs / 1000

/**
 * The three counters of a sign-in (limits.ts LOGIN_THROTTLE), always in this order. The e-mail is
 * counted whether or not it has an account, so the answer does not tell which e-mails have one.
 * Counters live in `rate_limit` (every process shares them) under HMACs: no e-mail or IP is stored.
 */
function limits(email: string, address: string): Limit[] {
  const e = normaliseEmail(email)
  return [
    { scope: 'sign-in-pair', key: `${address}\n${e}`, limit: LOGIN_THROTTLE.perAddressAndEmail, windowS: WINDOW_S },
    { scope: 'sign-in-address', key: address, limit: LOGIN_THROTTLE.perAddress, windowS: WINDOW_S },
    { scope: 'sign-in-email', key: e, limit: LOGIN_THROTTLE.perEmail, windowS: LOGIN_THROTTLE.emailWindowMs / 1000 },
  ]
}

/**
 * Takes this attempt's slot in every counter BEFORE the password is checked, so that concurrent
 * attempts cannot all pass a check made before any of them is counted: at most the limit's number
 * of passwords is ever verified. Throws TooManyAttemptsError (429, Retry-After) when one is full.
 * The slots stay taken (a failure) unless the sign-in succeeds.
 */
export function reserveLoginAttempt(ctx: AppContext, email: string, address: string): Promise<Slot[]> {
  return takeSlots(ctx, limits(email, address), (s) => new TooManyAttemptsError(s))
}

/** A success was no failure: its slots are given back, and the pair's earlier failures forgiven. */
export async function loginSucceeded(ctx: AppContext, email: string, address: string, slots: Slot[]): Promise<void> {
  await releaseSlots(ctx, slots.slice(1))
  await clearLimit(ctx, limits(email, address)[0]!)
}
