import type { Static } from '@sinclair/typebox'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router-dom'
import { TALK } from '../../../../shared/src/api/limits.js'
import type { ThreadSummary } from '../../../../shared/src/api/talk.js'
import { isApiError } from '../../api/client.js'
import { talkApi } from '../../api/talk.js'
import { SelectField } from '../../components/Field.js'
import { Loading } from '../../components/Loading.js'
import { KeyWarning } from '../../components/talk/KeyWarning.js'
import { PendingPosts } from '../../components/talk/PendingPosts.js'
import { PendingThreadItem, ThreadItem } from '../../components/talk/ThreadItem.js'
import { TokenStatus } from '../../components/talk/TokenStatus.js'
import { VerifyFirst } from '../../components/talk/VerifyFirst.js'
import { errorMessage } from '../../lib/problem.js'
import { usePageTitle } from '../../lib/use-page-title.js'
import { useSession } from '../../session/session-context.js'
import { randomBetween } from '../../talk/delays.js'
import { useTalkRuntime, useTalkState } from '../../talk/talk-context.js'
import { currentCompanies, isVerified } from '../../talk/voices.js'

type Thread = Static<typeof ThreadSummary>

/** Rendered inside <RequireAuth>. Filters live in the query string (?sort=new&channel=tech&company=slug). */
export default function TalkHome() {
  const { t } = useTranslation()
  const { me } = useSession()
  usePageTitle(t('talk.title'))
  if (!isVerified(me)) return <VerifyFirst />
  return <ThreadBrowser />
}

function ThreadBrowser() {
  const { t } = useTranslation()
  const { me } = useSession()
  const [params, setParams] = useSearchParams()
  const sort = params.get('sort') === 'new' ? 'new' : 'hot'
  const channel = (TALK.channels as readonly string[]).includes(params.get('channel') ?? '') ? params.get('channel')! : ''
  const companies = currentCompanies(me)
  const company = companies.some((c) => c.slug === params.get('company')) ? params.get('company')! : ''
  const [threads, setThreads] = useState<Thread[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notVerified, setNotVerified] = useState(false)
  const [loadingMore, setLoadingMore] = useState(false)
  const firstNewRef = useRef<HTMLAnchorElement>(null)
  const [focusIndex, setFocusIndex] = useState<number | null>(null)
  const [version, setVersion] = useState(0)
  const { outbox, quiet } = useTalkState()
  const runtime = useTalkRuntime()
  const runtimeRef = useRef(runtime)
  runtimeRef.current = runtime
  // Our own new threads, on top until the list shows them.
  const listed = new Set(threads?.map((th) => th.id) ?? [])
  const ownThreads = outbox.filter((p) => p.kind === 'thread' && p.state !== 'failed' && !(p.threadId && listed.has(p.threadId)))
  const stored = ownThreads.filter((p) => p.state === 'stored' && p.threadId)
  const storedKey = stored.map((p) => p.id).join()

  const load = useCallback(async (after: string | null) => {
    const page = await talkApi.threads({ sort, channel, company, cursor: after ?? undefined })
    return page
  }, [sort, channel, company])

  const shownFor = useRef<typeof load | null>(null)
  useEffect(() => {
    let alive = true
    // New filters: show "loading"; a silent re-read keeps the list on screen meanwhile.
    if (shownFor.current !== load) setThreads(null)
    shownFor.current = load
    setError(null)
    load(null)
      .then((page) => {
        if (!alive) return
        setThreads(page.threads)
        setCursor(page.nextCursor)
        void runtimeRef.current?.listed(page.threads.map((th) => th.id))
      })
      .catch((e: unknown) => {
        if (!alive) return
        if (isApiError(e) && e.code === 'not_verified') setNotVerified(true)
        else setError(errorMessage(t, e))
      })
    return () => {
      alive = false
    }
  }, [load, t, version])

  // A thread of ours was stored: read the list again — not within the quiet period after writing it.
  useEffect(() => {
    if (!storedKey) return
    const until = Math.max(0, ...stored.map((p) => quiet[p.threadId!] ?? 0))
    const wait = Math.max(0, until - Date.now()) + randomBetween(1000, 5000)
    const timer = setTimeout(() => setVersion((v) => v + 1), wait)
    return () => clearTimeout(timer)
    // `stored` and `quiet` are read when the key changes; the key names what is new.
  }, [storedKey])

  // After "load more", move focus to the first new thread so keyboard users continue from there.
  useEffect(() => {
    if (focusIndex !== null) firstNewRef.current?.focus()
  }, [focusIndex])

  async function loadMore() {
    if (!cursor || loadingMore) return
    setLoadingMore(true)
    try {
      const page = await load(cursor)
      setFocusIndex(threads?.length ?? 0)
      setThreads((list) => [...(list ?? []), ...page.threads])
      setCursor(page.nextCursor)
    } catch (e) {
      setError(errorMessage(t, e))
    } finally {
      setLoadingMore(false)
    }
  }

  function setFilter(name: 'sort' | 'channel' | 'company', value: string) {
    const next = new URLSearchParams(params)
    if (value && !(name === 'sort' && value === 'hot')) next.set(name, value)
    else next.delete(name)
    setFocusIndex(null)
    setParams(next, { replace: true })
  }

  if (notVerified) return <VerifyFirst />
  return (
    <div className="talk">
      <div className="talk-head">
        <div>
          <h1>{t('talk.title')}</h1>
          <p className="lead">{t('talk.lead')}</p>
        </div>
        <Link to="/talk/new" className="button button-primary">
          {t('talk.newThread')}
        </Link>
      </div>
      <KeyWarning />
      <div className="talk-status">
        <TokenStatus explain />
        <Link to="/talk/about" className="small">{t('talk.about')}</Link>
      </div>
      <PendingPosts skip={(p) => p.kind === 'thread' && p.state !== 'failed'} />
      <section className="card talk-filters" aria-label={t('talk.filters.label')}>
        <SelectField id="talk-sort" label={t('talk.filters.sort')} value={sort} onChange={(e) => setFilter('sort', e.target.value)}>
          <option value="hot">{t('talk.filters.hot')}</option>
          <option value="new">{t('talk.filters.new')}</option>
        </SelectField>
        <SelectField id="talk-channel" label={t('talk.filters.channel')} value={channel} onChange={(e) => setFilter('channel', e.target.value)}>
          <option value="">{t('talk.filters.allChannels')}</option>
          {TALK.channels.map((c) => (
            <option key={c} value={c}>{t(`talk.channels.${c}`)}</option>
          ))}
        </SelectField>
        {companies.length > 0 && (
          <SelectField id="talk-company" label={t('talk.filters.company')} value={company} onChange={(e) => setFilter('company', e.target.value)}>
            <option value="">{t('talk.filters.allCompanies')}</option>
            {companies.map((c) => (
              <option key={c.slug} value={c.slug}>{t('talk.filters.onlyCompany', { company: c.name })}</option>
            ))}
          </SelectField>
        )}
      </section>
      {error && (
        <div role="alert" className="alert alert-error">
          <p>{error}</p>
        </div>
      )}
      {threads === null && !error && <Loading />}
      {threads !== null && (
        <section className="card thread-list-card" aria-labelledby="threads-title">
          <h2 id="threads-title" className="visually-hidden">{t('talk.list.label')}</h2>
          {threads.length === 0 && ownThreads.length === 0 ? (
            <p className="muted">{t('talk.list.empty')}</p>
          ) : (
            <ul className="thread-list">
              {ownThreads.map((p) => (
                <PendingThreadItem key={p.id} item={p} />
              ))}
              {threads.map((th, i) => (
                <ThreadItem key={th.id} thread={th} sort={sort} linkRef={i === focusIndex ? firstNewRef : undefined} />
              ))}
            </ul>
          )}
          {cursor && (
            <button type="button" className="button button-secondary load-more" aria-disabled={loadingMore} onClick={() => void loadMore()}>
              {loadingMore ? t('talk.list.loadingMore') : t('talk.list.loadMore')}
            </button>
          )}
        </section>
      )}
    </div>
  )
}
