import type { Static } from '@sinclair/typebox'
import type { Ref } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { ThreadSummary } from '../../../../shared/src/api/talk.js'
import { formatDateTime } from '../../lib/dates.js'
import { relativeTime } from '../../lib/relative-time.js'
import { authorText } from './author.js'

/** One row of the thread list: title, who opened it, channel, when, replies. */
export function ThreadItem({ thread, sort, linkRef }: {
  thread: Static<typeof ThreadSummary>
  sort: 'hot' | 'new'
  linkRef?: Ref<HTMLAnchorElement> | undefined
}) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const at = sort === 'hot' ? thread.lastPostAt : thread.createdAt
  const when = relativeTime(t, at, lang)
  const channel = t(`talk.channels.${thread.channel as 'general'}`, { defaultValue: thread.channel })
  return (
    <li className="thread-item">
      <h3 className="thread-item-title">
        <Link ref={linkRef} to={`/talk/t/${thread.id}`}>{thread.title}</Link>
      </h3>
      <p className="thread-meta">
        <span className="author-label">{authorText(t, lang, thread.author, thread.authorLabel)}</span>
        <span className="channel-tag">{channel}</span>
        <time dateTime={at} title={formatDateTime(at, lang)}>
          {sort === 'hot' ? t('talk.list.active', { time: when }) : t('talk.list.started', { time: when })}
        </time>
        <span>{t('talk.list.replies', { count: thread.replyCount })}</span>
      </p>
    </li>
  )
}
