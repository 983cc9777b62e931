import { epochOf } from '../../../shared/src/talk/epochs.js'

/**
 * The draw epoch: `talk` and `talk-former` keys live for an ISO week (DESIGN §2), Monday 00:00 UTC
 * to the next Monday. A client draws once per epoch, at a moment it picks inside these bounds.
 */
const DAY_MS = 24 * 60 * 60 * 1000

export interface EpochBounds {
  epoch: string
  start: number
  end: number
}

export function talkEpoch(at: Date): EpochBounds {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate())
  const weekday = at.getUTCDay() || 7 // Monday 1 … Sunday 7
  const start = midnight - (weekday - 1) * DAY_MS
  return { epoch: epochOf('talk', at), start, end: start + 7 * DAY_MS }
}
