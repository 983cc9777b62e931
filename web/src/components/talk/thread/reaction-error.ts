import type { TFunction } from 'i18next'
import { isApiError } from '../../../api/client.js'
import { WriteRefusedError } from '../../../talk/errors.js'
import { writeError } from '../write-error.js'

/** Refusals of votes and poll answers that have words of their own; anything else as for posts. */
const OWN = ['own_post', 'already_answered', 'poll_closed', 'token_required', 'quota_exceeded'] as const

/** A refusal's code as one line. */
export function refusalMessage(t: TFunction, code: string | undefined): string {
  const own = OWN.find((c) => c === code)
  if (own) return t(`talk.thread.reactionErrors.${own}`)
  return t(`errors.${(code ?? 'generic') as 'generic'}`, { defaultValue: t('errors.generic') })
}

/** A vote or poll answer that could not be queued or was refused at once, as one line. */
export function reactionError(t: TFunction, err: unknown): string {
  const code = err instanceof WriteRefusedError ? err.code : isApiError(err) ? err.code : ''
  if (OWN.some((c) => c === code)) return refusalMessage(t, code)
  return writeError(t, err, () => false).message
}
