import type { TFunction } from 'i18next'
import type { TalkChannel } from '../../../../../shared/src/api/talk.js'
import { channelName } from '../../../talk/channels.js'

/**
 * A channel's name in the reader's language: the API's names (GET /talk/channels) when the
 * channel is listed there, else the built-in names of the first channels, else the slug.
 */
export function channelLabeler(t: TFunction, channels: readonly TalkChannel[], lang: string): (slug: string) => string {
  const bySlug = new Map(channels.map((c) => [c.slug, c]))
  return (slug) => {
    const c = bySlug.get(slug)
    if (c?.kind === 'board') return t('talk.forum.board', { company: channelName(c, lang) })
    if (c) return channelName(c, lang)
    return t(`talk.channels.${slug as 'general'}`, { defaultValue: slug })
  }
}
