import type { TFunction } from 'i18next'
import { ApiError } from '../../api/client.js'
import { errorMessage } from '../../lib/problem.js'

const FEED_CODES = new Set(['empty_post', 'unknown_image', 'reshare_unavailable', 'not_owner', 'not_found', 'unsupported_image', 'file_too_large'])

/** A failed feed call, in the reader's language: the feed's own codes, else the app's general messages. */
export function feedError(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && FEED_CODES.has(err.code)) return t(`feed.errors.${err.code}` as 'feed.errors.empty_post')
  return errorMessage(t, err)
}
