import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router-dom'
import { SEARCH_TYPES, type SearchCounts, type SearchResult, type SearchType } from '../../../shared/src/api/search.js'
import { SEARCH } from '../../../shared/src/api/limits.js'
import { search } from '../api/search.js'
import { RetryAlert } from '../components/LoadFailed.js'
import { ResultItem } from '../components/search/ResultItem.js'
import { errorMessage } from '../lib/problem.js'
import { usePageTitle } from '../lib/use-page-title.js'

type State =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ok'; results: SearchResult[]; counts: SearchCounts | null; nextCursor: string | null; more: boolean }
  | { kind: 'error'; message: string }

const resultKey = (r: SearchResult) =>
  r.type === 'person' ? `p:${r.handle}` : r.type === 'company' ? `c:${r.slug}` : r.type === 'post' ? `f:${r.post.id}` : r.type === 'job' ? `j:${r.job.id}` : `t:${r.thread.id}`

const isType = (s: string | null): s is SearchType => s !== null && (SEARCH_TYPES as readonly string[]).includes(s)

/** Rendered inside <RequireAuth>. /search?q=…&type=…: the header's box leads here; one tab per type. */
export default function Search() {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  const q = (params.get('q') ?? '').trim()
  const typeParam = params.get('type')
  const type = isType(typeParam) ? typeParam : null
  const [state, setState] = useState<State>({ kind: 'idle' })
  const [counts, setCounts] = useState<SearchCounts | null>(null)
  const [attempt, setAttempt] = useState(0)
  usePageTitle(q ? t('search.titleFor', { q }) : t('search.title'))

  useEffect(() => setCounts(null), [q])

  useEffect(() => {
    if (!q) return setState({ kind: 'idle' })
    let live = true
    setState({ kind: 'loading' })
    search(q, type).then(
      (a) => {
        if (!live) return
        if (a.counts) setCounts(a.counts)
        setState({ kind: 'ok', results: a.results, counts: a.counts, nextCursor: a.nextCursor, more: false })
      },
      (err: unknown) => live && setState({ kind: 'error', message: errorMessage(t, err) }),
    )
    return () => {
      live = false
    }
  }, [q, type, attempt])

  async function loadMore() {
    if (state.kind !== 'ok' || !state.nextCursor) return
    setState({ ...state, more: true })
    try {
      const a = await search(q, type, state.nextCursor)
      setState({ kind: 'ok', results: [...state.results, ...a.results], counts: state.counts, nextCursor: a.nextCursor, more: false })
    } catch (err) {
      setState({ kind: 'error', message: errorMessage(t, err) })
    }
  }

  const countText = (k: SearchType) => {
    const n = counts?.[k]
    if (n === undefined) return ''
    return n > SEARCH.countCap ? ` (${SEARCH.countCap}+)` : ` (${n})`
  }
  const tabLink = (k: SearchType | null) => {
    const p = new URLSearchParams({ q })
    if (k) p.set('type', k)
    return `/search?${p}`
  }

  return (
    <div className="search-page">
      <h1>{q ? t('search.titleFor', { q }) : t('search.title')}</h1>
      {!q && <p className="lead">{t('search.empty')}</p>}
      {q && (
        <nav aria-label={t('search.tabsLabel')} className="search-tabs">
          <ul>
            {([null, ...SEARCH_TYPES] as const).map((k) => (
              <li key={k ?? 'all'}>
                <Link to={tabLink(k)} className={k === type ? 'search-tab active' : 'search-tab'} aria-current={k === type ? 'page' : undefined}>
                  {t(`search.tab.${k ?? 'all'}`)}
                  {k && countText(k)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {state.kind === 'loading' && <p className="muted" role="status">{t('a11y.loading')}</p>}
      {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.kind === 'ok' && (
        <section className="card" aria-labelledby="search-results-title">
          <h2 id="search-results-title" aria-live="polite">
            {t('search.resultsHeading', { count: state.results.length })}
          </h2>
          {state.results.length === 0 ? (
            <p>{t('search.noMatch', { q })}</p>
          ) : (
            <ul className="item-list search-results">
              {state.results.map((r) => (
                <ResultItem key={resultKey(r)} result={r} q={q} />
              ))}
            </ul>
          )}
          {state.nextCursor && (
            <button type="button" className="button button-quiet" onClick={loadMore} disabled={state.more}>
              {t('search.more')}
            </button>
          )}
          {!type && state.results.length > 0 && <p className="muted small">{t('search.pickTab')}</p>}
        </section>
      )}
    </div>
  )
}
