import type { TFunction } from 'i18next'
import { TALK_FORUM } from '../../../../../shared/src/api/limits.js'
import type { FormError } from '../../../lib/problem.js'
import { ComposeInputError } from '../../../talk/errors.js'

/**
 * runtime.publish's own checks of images and polls (ComposeInputError), under the pointers the
 * server's problems use, so they show where the composer shows the server's. Null: not one.
 * The composer checks the same first; this is for what slips through (a draft given back).
 */
export function composeError(t: TFunction, err: unknown): FormError | null {
  if (!(err instanceof ComposeInputError)) return null
  const n = (err.index ?? 0) + 1
  const { images, poll } = TALK_FORUM
  const field = (pointer: string, message: string): FormError => ({ message: t('errors.summary'), fields: { [pointer]: message }, extra: [] })
  switch (err.code) {
    case 'too_many_images':
      return field('/imageIds', t('talk.composer.images.tooMany', { max: images.perPost, count: 1 }))
    case 'image_type':
      return field('/imageIds', t('talk.composer.images.badType', { name: t('talk.composer.images.thumbAlt', { n }) }))
    case 'image_too_large':
      return field('/imageIds', t('talk.composer.images.tooLargeAt', { n, max: `${images.maxBytes / 1024 / 1024} MB` }))
    case 'image_empty':
      return field('/imageIds', t('talk.composer.images.unreadable', { name: t('talk.composer.images.thumbAlt', { n }) }))
    case 'poll_on_reply':
    case 'poll_options':
      return field('/poll/options', t('talk.composer.poll.tooFew', { min: poll.minOptions }))
    case 'poll_option_empty':
      return field(`/poll/options/${n - 1}`, t('talk.composer.poll.optionRequired'))
    case 'poll_option_too_long':
      return field(`/poll/options/${n - 1}`, t('talk.composer.poll.optionTooLong', { max: poll.optionLength }))
    case 'poll_options_duplicate':
      return field(`/poll/options/${n - 1}`, t('talk.composer.poll.duplicate'))
    case 'poll_closes_at':
      return field('/poll/closesAt', t('talk.composer.poll.closesOutOfRange'))
  }
}
