import type { Static } from '@sinclair/typebox'
import type { Ref } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { ThreadSummary } from '../../../../shared/src/api/talk.js'
import { formatDateTime } from '../../lib/dates.js'
import { relativeTime } from '../../lib/relative-time.js'
import type { OutboxItem } from '../../talk/outbox.js'
import { useTalkState } from '../../talk/talk-context.js'
import { authorText } from './author.js'
import { outboxLine } from './OutboxStatus.js'

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
        {/* A deleted opening post leaves the thread without a title. */}
        <Link ref={linkRef} to={`/talk/t/${thread.id}`}>{thread.title || t('talk.thread.untitled')}</Link>
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

/** A new thread of this browser still on its way, on top of the list, marked with its state. */
export function PendingThreadItem({ item }: { item: OutboxItem }) {
  const { t, i18n } = useTranslation()
  const { paused } = useTalkState()
  const to = item.threadId ? `/talk/t/${item.threadId}` : `/talk/pending/${item.id}`
  return (
    <li className="thread-item thread-item-pending">
      <h3 className="thread-item-title">
        <Link to={to}>{item.title}</Link>
      </h3>
      <p className="thread-meta">
        <span className="badge badge-former">{t('talk.thread.you')}</span>
        <span className="publishing">{outboxLine(t, i18n.resolvedLanguage ?? 'en', item, !!paused)}</span>
      </p>
    </li>
  )
}
