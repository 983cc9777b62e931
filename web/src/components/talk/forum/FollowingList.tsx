import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { TalkChannel } from '../../../../../shared/src/api/talk.js'
import { talkApi } from '../../../api/talk.js'
import type { LiveMode } from '../../../talk/local/live.js'
import { followedThreads, markRead, noteThreads, unfollow, unreadCount, useFollows } from '../../../talk/local/follow.js'

/**
 * The Following tab: the threads this browser follows (written in here, or followed by hand),
 * from its own storage — with new replies counted against the count last read. Opening the tab
 * reads the newest threads of every channel and of the reader's open boards, as any reader of
 * "New" does, to bring those counts up to date; the server is never asked about a thread because
 * it is followed.
 */
export function FollowingList({ channels, channelLabel, live }: { channels: readonly TalkChannel[]; channelLabel: (slug: string) => string; live: LiveMode }) {
  const { t } = useTranslation()
  const all = useFollows()
  const list = followedThreads(all)
  const boards = channels.filter((c) => c.kind === 'board' && c.board?.available).map((c) => c.slug)
  const boardsKey = boards.join()

  useEffect(() => {
    let alive = true
    const reads = [talkApi.threads({ sort: 'new' }), ...boardsKey.split(',').filter(Boolean).map((channel) => talkApi.threads({ sort: 'new', channel }))]
    for (const r of reads) void r.then((page) => alive && noteThreads(page.threads)).catch(() => undefined)
    return () => {
      alive = false
    }
  }, [boardsKey])

  return (
    <section className="card thread-list-card" aria-labelledby="following-title">
      <h2 id="following-title" className="visually-hidden">{t('talk.forum.followingTitle')}</h2>
      {list.length === 0 ? (
        <p className="muted">{t('talk.forum.followingEmpty')}</p>
      ) : (
        <ul className="thread-list">
          {list.map((f) => {
            const unread = unreadCount(f)
            return (
              <li key={f.id} className="thread-item following-item">
                <h3 className="thread-item-title">
                  <Link to={`/talk/t/${f.id}`} onClick={() => markRead(f.id, f.latest)}>{f.title || t('talk.forum.followUntitled')}</Link>
                </h3>
                <div className="thread-foot">
                  {f.channel && <span className="channel-tag">{channelLabel(f.channel)}</span>}
                  {unread > 0 ? (
                    <span className="badge unread-badge">{t('talk.forum.unread', { count: unread })}</span>
                  ) : (
                    <span className="muted">{t('talk.forum.upToDate')}</span>
                  )}
                  <span>{t('talk.list.replies', { count: f.latest })}</span>
                  {f.own && <span className="badge badge-former">{t('talk.forum.yours')}</span>}
                  <button type="button" className="forum-link-button following-unfollow" onClick={() => unfollow(f.id)}>
                    {t('talk.forum.unfollow')}
                  </button>
                </div>
              </li>
            )
          })}
        </ul>
      )}
      <p className="muted small following-note">{t('talk.forum.followingNote')}</p>
      <p className="muted small live-state" data-mode={live}>
        <span className="live-dot" aria-hidden="true" />
        {live === 'live' ? t('talk.forum.liveFollowing') : t('talk.forum.connecting')}
      </p>
    </section>
  )
}
