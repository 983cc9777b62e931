import type { Static } from '@sinclair/typebox'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { ThreadSummary } from '../../../../../shared/src/api/talk.js'
import { talkApi } from '../../../api/talk.js'
import { useChannels } from '../../../talk/channels.js'
import { noteThreads, useFollows } from '../../../talk/local/follow.js'
import { muteReason, useMutes } from '../../../talk/local/mute.js'
import { Loading } from '../../Loading.js'
import { ThreadItem } from '../ThreadItem.js'
import { channelLabeler } from './channel-names.js'
import { PublicHotList, usePublicHot } from './PublicHotList.js'

const SHOWN = 3

/**
 * The home page's lead: what is hot on Work Talk. A verified member sees the top threads of every
 * channel but the boards (muted ones left out); a member who has not verified yet, the public
 * window on the open channel (titles and first lines).
 */
export function HomeHot({ verified }: { verified: boolean }) {
  const { t } = useTranslation()
  return (
    <section className="card home-hot" aria-labelledby="home-hot-title">
      <div className="home-hot-head">
        <h2 id="home-hot-title">{t('talk.forum.home.title')}</h2>
        <Link to="/talk" className="small">{t('talk.forum.home.seeAll')}</Link>
      </div>
      {verified ? <MemberHot /> : <PublicHot />}
    </section>
  )
}

function PublicHot() {
  const hot = usePublicHot()
  return <PublicHotList threads={hot.threads} failed={hot.failed} limit={SHOWN} signInToRead={false} />
}

function MemberHot() {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const [threads, setThreads] = useState<Static<typeof ThreadSummary>[] | null>(null)
  const [failed, setFailed] = useState(false)
  const { channels } = useChannels()
  const label = useMemo(() => channelLabeler(t, channels, lang), [t, channels, lang])
  const mutes = useMutes()
  const follows = useFollows()
  useEffect(() => {
    let alive = true
    talkApi.threads({ sort: 'hot' }).then(
      (page) => {
        if (!alive) return
        setThreads(page.threads)
        noteThreads(page.threads)
      },
      () => alive && setFailed(true),
    )
    return () => {
      alive = false
    }
  }, [])
  if (failed) return <p className="muted">{t('talk.forum.public.failed')}</p>
  if (threads === null) return <Loading />
  const shown = threads.filter((th) => !muteReason(mutes, th)).slice(0, SHOWN)
  if (!shown.length) return <p className="muted">{t('talk.forum.home.empty')}</p>
  return (
    <ul className="thread-list">
      {shown.map((th) => (
        <ThreadItem key={th.id} thread={th} sort="hot" channelLabel={label(th.channel)} followed={follows[th.id]} />
      ))}
    </ul>
  )
}
