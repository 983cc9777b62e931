import type { TFunction } from 'i18next'
import { ApiError } from '../../api/client.js'
import { errorMessage } from '../../lib/problem.js'

const NETWORK_CODES = ['already_connected', 'invitation_pending', 'blocked', 'self', 'too_many_pending', 'rate_limited'] as const
type NetworkCode = (typeof NETWORK_CODES)[number]

/** A network action's failure, in the network namespace's words when the code is one of ours. */
export function networkError(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && (NETWORK_CODES as readonly string[]).includes(err.code)) return t(`network.errors.${err.code as NetworkCode}`)
  return errorMessage(t, err)
}
