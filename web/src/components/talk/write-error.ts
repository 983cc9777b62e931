import type { TFunction } from 'i18next'
import { toFormError, type FormError } from '../../lib/problem.js'
import { KeysPausedError, NoVoiceError, WriteRefusedError } from '../../talk/errors.js'

/** A failed anonymous write as the form's alert: the refusal's code, a paused device, a lost voice, or the API problem. */
export function writeError(t: TFunction, err: unknown, knows: (pointer: string) => boolean): FormError {
  const message = (m: string): FormError => ({ message: m, fields: {}, extra: [] })
  if (err instanceof NoVoiceError) return message(t('talk.composer.noVoice'))
  if (err instanceof KeysPausedError) return message(t('talk.keys.pausedShort'))
  if (err instanceof WriteRefusedError) return message(t(`errors.${err.code as 'generic'}`, { defaultValue: t('errors.generic') }))
  return toFormError(t, err, { knows })
}
