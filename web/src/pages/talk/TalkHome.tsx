import type { Static } from '@sinclair/typebox'
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router-dom'
import type { ThreadSummary } from '../../../../shared/src/api/talk.js'
import { api, isApiError } from '../../api/client.js'
import { talkApi } from '../../api/talk.js'
import { Loading } from '../../components/Loading.js'
import { BoardBelowThreshold, NoChannel, NotMember } from '../../components/talk/forum/BoardNotice.js'
import { channelLabeler } from '../../components/talk/forum/channel-names.js'
import { ChannelNav } from '../../components/talk/forum/ChannelNav.js'
import { FollowingList } from '../../components/talk/forum/FollowingList.js'
import { MuteSettings } from '../../components/talk/forum/MuteSettings.js'
import { NewPill } from '../../components/talk/forum/NewPill.js'
import { PERIODS, SortTabs, TABS, type ListTab, type Period } from '../../components/talk/forum/SortTabs.js'
import { KeyWarning } from '../../components/talk/KeyWarning.js'
import { PendingPosts } from '../../components/talk/PendingPosts.js'
import { PendingThreadItem, ThreadItem } from '../../components/talk/ThreadItem.js'
import { TokenStatus } from '../../components/talk/TokenStatus.js'
import { VerifyFirst } from '../../components/talk/VerifyFirst.js'
import { errorMessage } from '../../lib/problem.js'
import { usePageTitle } from '../../lib/use-page-title.js'
import { useSession } from '../../session/session-context.js'
import { channelName, useChannels } from '../../talk/channels.js'
import { randomBetween } from '../../talk/delays.js'
import { noteReplyCount, noteThreads, useFollows } from '../../talk/local/follow.js'
import { threadListPoll, useTalkEvents, type TalkEvent } from '../../talk/local/live.js'
import { muteReason, mutedCount, unmuteChannel, unmuteKeyword, unmuteThread, useMutes, type MuteReason } from '../../talk/local/mute.js'
import { useTalkRuntime, useTalkState } from '../../talk/talk-context.js'
import { currentCompanies, isVerified } from '../../talk/voices.js'
import TalkPublic from './TalkPublic.js'

type Thread = Static<typeof ThreadSummary>

type ListState =
  | { kind: 'loading' }
  | { kind: 'ok'; threads: Thread[]; cursor: string | null; loadedAt: number }
  | { kind: 'notMember'; company: string }
  | { kind: 'noBoard' }
  | { kind: 'noChannel' }
  | { kind: 'notVerified' }
  | { kind: 'error'; message: string }

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/

/**
 * Work Talk's front page. Signed out, or signed in without a verification: the public window on
 * the open channel's hot threads and the way in (TalkPublic). A verified member: the forum —
 * channels and boards, Hot / New / Top (by day, week or month) / Following, muting, live updates.
 * What is shown lives in the query string: ?channel=<slug>&sort=new|top|following&period=day|month
 * (&company=<slug>: only threads opened as "Employee of" one of the member's current employers).
 */
export default function TalkHome() {
  const { t } = useTranslation()
  const { status, me } = useSession()
  usePageTitle(t('talk.title'))
  if (status === 'loading') return <Loading />
  if (!me) return <TalkPublic signedIn={false} />
  if (!isVerified(me)) return <TalkPublic signedIn />
  return <ThreadBrowser />
}

function quietActive(quiet: Readonly<Record<string, number>>): boolean {
  const now = Date.now()
  return Object.values(quiet).some((until) => until > now)
}

function ThreadBrowser() {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const { me } = useSession()
  const [params, setParams] = useSearchParams()
  const tab: ListTab = (TABS as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as ListTab) : 'hot'
  const period: Period = (PERIODS as readonly string[]).includes(params.get('period') ?? '') ? (params.get('period') as Period) : 'week'
  const rawChannel = params.get('channel') ?? ''
  const channel = SLUG.test(rawChannel) ? rawChannel : ''
  const companies = currentCompanies(me)
  const company = companies.find((c) => c.slug === params.get('company')) ?? null
  const { channels, loaded: channelsLoaded } = useChannels()
  const label = useMemo(() => channelLabeler(t, channels, lang), [t, channels, lang])
  const entry = channels.find((c) => c.slug === channel)
  const closedBoard = entry?.kind === 'board' && entry.board !== null && !entry.board.available ? entry : null
  // A slug that is not a public channel is a board (or nothing): the stream never carries it.
  const publicChannel = channel === '' || (entry !== undefined && entry.kind !== 'board')

  const [list, setList] = useState<ListState>({ kind: 'loading' })
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<string | null>(null)
  const [focusId, setFocusId] = useState<string | null>(null)
  const focusRef = useRef<HTMLAnchorElement>(null)
  const [version, setVersion] = useState(0)
  const [pendingNew, setPendingNew] = useState<string[]>([])
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set())
  const [showingNew, setShowingNew] = useState(false)
  const [showMuted, setShowMuted] = useState(false)
  const [mutingOpen, setMutingOpen] = useState(false)
  const mutes = useMutes()
  const follows = useFollows()
  const { outbox, quiet } = useTalkState()
  const runtime = useTalkRuntime()
  const runtimeRef = useRef(runtime)
  runtimeRef.current = runtime
  const quietRef = useRef(quiet)
  quietRef.current = quiet
  const mutedChannelsRef = useRef(mutes.channels)
  mutedChannelsRef.current = mutes.channels

  const threads = list.kind === 'ok' ? list.threads : null
  const listed = useMemo(() => new Set(threads?.map((th) => th.id) ?? []), [threads])
  // Our own new threads, on top until the list shows them.
  const ownThreads = outbox.filter((p) => p.kind === 'thread' && p.state !== 'failed' && !(p.threadId && listed.has(p.threadId)))
  const stored = ownThreads.filter((p) => p.state === 'stored' && p.threadId)
  const storedKey = stored.map((p) => p.id).join()
  const ownIds = outbox.map((p) => p.threadId).filter((id): id is string => !!id)
  /** Threads this view knows already: listed, waiting behind the pill, or written here. */
  const knownRef = useRef<ReadonlySet<string>>(new Set())
  knownRef.current = new Set([...listed, ...pendingNew, ...ownIds])

  const filterKey = `${tab}|${tab === 'top' ? period : ''}|${channel}|${company?.slug ?? ''}`
  const query = useCallback(
    (cursor?: string) =>
      talkApi.threads({ sort: tab === 'following' ? 'hot' : tab, period: tab === 'top' ? period : undefined, channel: channel || undefined, company: company?.slug, cursor }),
    // filterKey names every input.
    [filterKey],
  )

  const shownFor = useRef<string | null>(null)
  useEffect(() => {
    if (tab === 'following' || closedBoard) return
    let alive = true
    // New filters: show "loading" and forget what came in for the old ones; a silent re-read keeps the list on screen.
    if (shownFor.current !== filterKey) {
      setList({ kind: 'loading' })
      setPendingNew([])
      setFresh(new Set())
      setShowMuted(false)
    }
    shownFor.current = filterKey
    query()
      .then((page) => {
        if (!alive) return
        setList({ kind: 'ok', threads: page.threads, cursor: page.nextCursor, loadedAt: Date.now() })
        noteThreads(page.threads)
        void runtimeRef.current?.listed(page.threads.map((th) => th.id))
      })
      .catch((e: unknown) => {
        if (!alive) return
        if (isApiError(e) && e.code === 'not_verified') setList({ kind: 'notVerified' })
        else if (isApiError(e) && e.code === 'not_member') {
          setList({ kind: 'notMember', company: channel })
          // The company's name, for the message (a member may read any company's page).
          api.company(channel).then((c) => alive && setList((s) => (s.kind === 'notMember' ? { kind: 'notMember', company: c.name } : s)), () => undefined)
        } else if (isApiError(e) && e.code === 'no_board') setList({ kind: 'noBoard' })
        else if (isApiError(e) && e.status === 404) setList({ kind: 'noChannel' })
        else setList({ kind: 'error', message: errorMessage(t, e) })
      })
    return () => {
      alive = false
    }
    // `closedBoard` is read for the channel the key names.
  }, [query, filterKey, version, t, !!closedBoard])

  // A thread of ours was stored: read the list again — not within the quiet period after writing it.
  useEffect(() => {
    if (!storedKey) return
    const until = Math.max(0, ...stored.map((p) => quiet[p.threadId!] ?? 0))
    const wait = Math.max(0, until - Date.now()) + randomBetween(1000, 5000)
    const timer = setTimeout(() => setVersion((v) => v + 1), wait)
    return () => clearTimeout(timer)
    // `stored` and `quiet` are read when the key changes; the key names what is new.
  }, [storedKey])

  // Move focus to the first thread that just joined the list (load more, "N new"), so keyboard users continue from there.
  useEffect(() => {
    if (focusId) focusRef.current?.focus()
  }, [focusId])

  // ---------- live ----------
  const onEvent = useCallback((e: TalkEvent) => {
    if (e.type === 'thread') {
      // Known already, or in a muted channel: not counted (a muted word cannot be told from an event).
      if (knownRef.current.has(e.threadId) || mutedChannelsRef.current.includes(e.channel)) return
      setPendingNew((p) => (p.includes(e.threadId) ? p : [...p, e.threadId]))
    } else if (e.type === 'reply') {
      noteReplyCount(e.threadId, e.replyCount)
      setList((s) =>
        s.kind === 'ok' && s.threads.some((th) => th.id === e.threadId && th.replyCount < e.replyCount)
          ? { ...s, threads: s.threads.map((th) => (th.id === e.threadId ? { ...th, replyCount: e.replyCount } : th)) }
          : s,
      )
    } else if (e.type === 'vote') {
      // A vote on a listed thread's opening post: its score, in place (the order stays until the next load).
      setList((s) =>
        s.kind === 'ok' && s.threads.some((th) => th.openingPostId === e.postId && th.score !== e.score)
          ? { ...s, threads: s.threads.map((th) => (th.openingPostId === e.postId ? { ...th, score: e.score } : th)) }
          : s,
      )
    }
  }, [])
  const loadedAt = list.kind === 'ok' ? list.loadedAt : 0
  const poll = useMemo(
    () =>
      threadListPoll(
        () =>
          talkApi.threads({ sort: 'new', channel: channel || undefined, company: company?.slug }).then((p) => {
            noteThreads(p.threads)
            return p.threads
          }),
        () => knownRef.current,
        loadedAt,
        () => quietActive(quietRef.current),
      ),
    [channel, company?.slug, loadedAt],
  )
  const liveEnabled = tab === 'following' || (list.kind === 'ok' && channelsLoaded)
  const live = useTalkEvents(tab === 'following' ? { types: ['reply'] } : { channel: channel || undefined, types: ['thread', 'reply', 'vote'] }, onEvent, {
    enabled: liveEnabled,
    // Boards are never on the stream; "only my company's label" cannot be told from an event: those lists poll.
    stream: tab === 'following' || (publicChannel && !company),
    poll: tab === 'following' ? undefined : poll,
  })

  const waiting = pendingNew.filter((id) => !listed.has(id))
  async function showNew() {
    setShowingNew(true)
    try {
      const page = await talkApi.threads({ sort: 'new', channel: channel || undefined, company: company?.slug })
      noteThreads(page.threads)
      const want = new Set(waiting)
      const add = page.threads.filter((th) => want.has(th.id) && !listed.has(th.id))
      setList((s) => (s.kind === 'ok' ? { ...s, threads: [...add, ...s.threads.filter((th) => !want.has(th.id))] } : s))
      setFresh(new Set(add.map((th) => th.id)))
      setPendingNew([])
      setFocusId(add[0]?.id ?? null)
    } catch (e) {
      setMoreError(errorMessage(t, e))
    } finally {
      setShowingNew(false)
    }
  }

  async function loadMore() {
    if (list.kind !== 'ok' || !list.cursor || loadingMore) return
    setLoadingMore(true)
    setMoreError(null)
    try {
      const page = await query(list.cursor)
      noteThreads(page.threads)
      setList((s) => {
        if (s.kind !== 'ok') return s
        const have = new Set(s.threads.map((th) => th.id))
        return { ...s, threads: [...s.threads, ...page.threads.filter((th) => !have.has(th.id))], cursor: page.nextCursor }
      })
      setFocusId(page.threads.find((th) => !listed.has(th.id))?.id ?? null)
    } catch (e) {
      setMoreError(errorMessage(t, e))
    } finally {
      setLoadingMore(false)
    }
  }

  function setParam(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v)
      else next.delete(k)
    }
    setFocusId(null)
    setParams(next, { replace: true })
  }

  if (list.kind === 'notVerified') return <VerifyFirst />

  const mutingCount = mutedCount(mutes)
  const shown: { th: Thread; reason: MuteReason | null }[] = (threads ?? []).map((th) => ({ th, reason: muteReason(mutes, th) }))
  const hidden = shown.filter((x) => x.reason !== null).length
  const unmute = (th: Thread, reason: MuteReason) => () => {
    if (reason.kind === 'thread') unmuteThread(th.id)
    else if (reason.kind === 'channel') unmuteChannel(reason.channel)
    else unmuteKeyword(reason.keyword)
  }
  const boardName = entry?.kind === 'board' ? channelName(entry, lang) : null
  const sort = tab === 'following' ? 'hot' : tab

  let body: ReactNode
  if (tab === 'following') body = <FollowingList channels={channels} channelLabel={label} live={live} />
  else if (closedBoard) body = <BoardBelowThreshold company={channelName(closedBoard, lang)} memberCount={closedBoard.board!.memberCount} minMembers={closedBoard.board!.minMembers} />
  else if (list.kind === 'notMember') body = <NotMember company={list.company} />
  else if (list.kind === 'noBoard') body = <BoardBelowThreshold company={boardName ?? channel} memberCount={entry?.board?.memberCount ?? null} minMembers={entry?.board?.minMembers ?? null} />
  else if (list.kind === 'noChannel') body = <NoChannel />
  else if (list.kind === 'error')
    body = (
      <div role="alert" className="alert alert-error">
        <p>{list.message}</p>
      </div>
    )
  else if (list.kind === 'loading') body = <Loading />
  else {
    body = (
      <section className="card thread-list-card" aria-labelledby="threads-title">
        <NewPill count={waiting.length} busy={showingNew} onShow={() => void showNew()} />
        <h2 id="threads-title" className="visually-hidden">{t('talk.list.label')}</h2>
        {boardName && <p className="muted small board-intro">{t('talk.forum.boardIntro', { company: boardName })}</p>}
        {shown.length === 0 && ownThreads.length === 0 ? (
          <p className="muted">{t('talk.list.empty')}</p>
        ) : (
          <ul className="thread-list">
            {ownThreads.map((p) => (
              <PendingThreadItem key={p.id} item={p} />
            ))}
            {shown
              .filter((x) => x.reason === null || showMuted)
              .map(({ th, reason }) => (
                <ThreadItem
                  key={th.id}
                  thread={th}
                  sort={sort}
                  channelLabel={label(th.channel)}
                  followed={follows[th.id]}
                  fresh={fresh.has(th.id)}
                  muted={reason !== null}
                  onUnmute={reason ? unmute(th, reason) : undefined}
                  linkRef={th.id === focusId ? focusRef : undefined}
                />
              ))}
          </ul>
        )}
        {hidden > 0 && (
          <p className="muted small muted-note">
            {t('talk.forum.mutedNote', { count: hidden })}{' '}
            <button type="button" className="forum-link-button" aria-pressed={showMuted} onClick={() => setShowMuted((s) => !s)}>
              {showMuted ? t('talk.forum.hideMuted') : t('talk.forum.showMuted')}
            </button>
          </p>
        )}
        {moreError && (
          <div role="alert" className="alert alert-error">
            <p>{moreError}</p>
          </div>
        )}
        {list.cursor && (
          <button type="button" className="button button-secondary load-more" aria-disabled={loadingMore} onClick={() => void loadMore()}>
            {loadingMore ? t('talk.list.loadingMore') : t('talk.list.loadMore')}
          </button>
        )}
        <p className="muted small live-state" data-mode={live}>
          <span className="live-dot" aria-hidden="true" />
          {live === 'live' ? t('talk.forum.live') : live === 'polling' ? t('talk.forum.polling') : t('talk.forum.connecting')}
        </p>
      </section>
    )
  }

  return (
    <div className="talk forum">
      <div className="talk-head forum-head">
        <h1>{t('talk.title')}</h1>
        <Link to={entry && !entry.archived && !closedBoard ? `/talk/new?channel=${encodeURIComponent(channel)}` : '/talk/new'} className="button button-primary">
          {t('talk.newThread')}
        </Link>
      </div>
      <p className="lead forum-lead">{t('talk.lead')}</p>
      <KeyWarning />
      <div className="talk-status forum-status">
        <TokenStatus explain />
        <Link to="/talk/about" className="small">{t('talk.about')}</Link>
        {me?.role === 'admin' && <Link to="/talk/channels" className="small">{t('talk.channelsAdmin.manage')}</Link>}
      </div>
      <PendingPosts skip={(p) => p.kind === 'thread' && p.state !== 'failed'} />
      <ChannelNav channels={channels} value={channel} onChange={(slug) => setParam({ channel: slug || null, ...(tab === 'following' && { sort: null }) })} />
      <SortTabs
        tab={tab}
        period={period}
        onTab={(k) => setParam({ sort: k === 'hot' ? null : k, period: k === 'top' ? params.get('period') : null })}
        onPeriod={(p) => setParam({ period: p === 'week' ? null : p })}
        extra={
          <button type="button" className="muting-toggle" aria-expanded={mutingOpen} aria-controls="talk-muting" onClick={() => setMutingOpen((o) => !o)}>
            {mutingCount > 0 ? t('talk.forum.mutingCount', { count: mutingCount }) : t('talk.forum.muting')}
          </button>
        }
      />
      {company && (
        <p className="company-filter">
          <span className="chip">
            <span>{t('talk.filters.onlyCompany', { company: company.name })}</span>
            <button type="button" className="chip-remove" aria-label={t('talk.filters.allCompanies')} onClick={() => setParam({ company: null })}>
              <span aria-hidden="true">×</span>
            </button>
          </span>
        </p>
      )}
      {mutingOpen && <MuteSettings id="talk-muting" channels={channels} channelLabel={label} onClose={() => setMutingOpen(false)} />}
      {body}
    </div>
  )
}
