import type { Static } from '@sinclair/typebox'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { PublicThread } from '../../../../../shared/src/api/talk.js'
import { talkApi } from '../../../api/talk.js'
import { formatDateTime } from '../../../lib/dates.js'
import { signInPath } from '../../../lib/next-path.js'
import { relativeTime } from '../../../lib/relative-time.js'
import { Loading } from '../../Loading.js'
import { plainExcerpt } from './plain-text.js'

type Thread = Static<typeof PublicThread>

/** GET /talk/public/hot (no session needed): the open channel's hot threads, title and first lines only. */
export function usePublicHot(): { threads: Thread[] | null; failed: boolean } {
  const [state, setState] = useState<{ threads: Thread[] | null; failed: boolean }>({ threads: null, failed: false })
  useEffect(() => {
    let alive = true
    talkApi.publicHot().then(
      (r) => alive && setState({ threads: r.threads, failed: false }),
      () => alive && setState({ threads: [], failed: true }),
    )
    return () => {
      alive = false
    }
  }, [])
  return state
}

/**
 * The public window on Work Talk: titles, first lines, score and replies — never a board, never a
 * reply's text. `signInToRead`: each title leads to sign-in, then to the thread (signed-out
 * visitors); otherwise titles are plain text (a member who still has to verify).
 */
export function PublicHotList({ threads, failed, limit, signInToRead }: { threads: Thread[] | null; failed: boolean; limit?: number; signInToRead: boolean }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  if (threads === null) return <Loading />
  if (failed) return <p className="muted">{t('talk.forum.public.failed')}</p>
  if (threads.length === 0) return <p className="muted">{t('talk.forum.public.empty')}</p>
  return (
    <ul className="thread-list public-hot">
      {threads.slice(0, limit).map((th) => {
        const excerpt = plainExcerpt(th.excerpt)
        return (
          <li key={th.id} className="thread-item">
            <h3 className="thread-item-title">
              {signInToRead ? (
                <Link to={signInPath(`/talk/t/${th.id}`)} aria-label={t('talk.forum.public.readMore', { title: th.title })}>{th.title}</Link>
              ) : (
                th.title
              )}
            </h3>
            {excerpt && <p className="thread-excerpt">{excerpt}</p>}
            <div className="thread-foot">
              <span className="thread-score">
                <span className="visually-hidden">{t('talk.forum.score', { score: th.score })}</span>
                <span aria-hidden="true">▲ {th.score}</span>
              </span>
              <span>{t('talk.list.replies', { count: th.replyCount })}</span>
              <time dateTime={th.createdAt} title={formatDateTime(th.createdAt, lang)}>
                {t('talk.list.started', { time: relativeTime(t, th.createdAt, lang) })}
              </time>
            </div>
          </li>
        )
      })}
    </ul>
  )
}
