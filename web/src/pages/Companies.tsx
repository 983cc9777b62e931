import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router-dom'
import type { CompanySummary } from '../../../shared/src/api/index.js'
import { api } from '../api/client.js'
import { CompanyLogo } from '../components/company/CompanyLogo.js'
import { LikelyDuplicates } from '../components/company/LikelyDuplicates.js'
import { useSession } from '../session/session-context.js'
import { errorMessage } from '../lib/problem.js'
import { usePageTitle } from '../lib/use-page-title.js'
import { RetryAlert } from '../components/LoadFailed.js'

type State = { kind: 'loading' } | { kind: 'ok'; q: string; companies: CompanySummary[] } | { kind: 'error'; message: string }

/** Rendered inside <RequireAuth>. The query lives in ?q= so results can be linked and survive Back. */
export default function Companies() {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const q = params.get('q') ?? ''
  const [input, setInput] = useState(q)
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const { me } = useSession()
  usePageTitle(t('companies.title'))

  useEffect(() => setInput(q), [q])

  // Search as the member types, after a short pause.
  useEffect(() => {
    const term = input.trim()
    if (term === q) return
    const timer = setTimeout(() => setParams(term ? { q: term } : {}, { replace: true }), 300)
    return () => clearTimeout(timer)
  }, [input])

  useEffect(() => {
    let live = true
    api.companies(q).then(
      ({ companies }) => live && setState({ kind: 'ok', q, companies }),
      (err: unknown) => live && setState({ kind: 'error', message: errorMessage(t, err) }),
    )
    return () => {
      live = false
    }
  }, [q, attempt])

  function onSubmit(e: FormEvent) {
    e.preventDefault()
    const term = input.trim()
    setParams(term ? { q: term } : {}, { replace: true })
  }

  return (
    <div className="companies">
      <h1>{t('companies.title')}</h1>
      <p className="lead">{t('companies.intro')}</p>
      <form role="search" className="search-form card" onSubmit={onSubmit}>
        <label htmlFor="company-search">{t('companies.search')}</label>
        <div className="inline-search">
          <input id="company-search" type="search" value={input} maxLength={100} autoComplete="off"
            placeholder={t('companies.searchPlaceholder')} onChange={(e) => setInput(e.target.value)} />
          <button type="submit" className="button button-primary">{t('companies.searchButton')}</button>
        </div>
      </form>
      {state.kind === 'loading' && <p className="muted" role="status">{t('a11y.loading')}</p>}
      {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.kind === 'ok' && (
        <section className="card" aria-labelledby="results-title">
          <h2 id="results-title" aria-live="polite">
            {state.q ? t('companies.results', { count: state.companies.length, q: state.q }) : t('companies.all', { count: state.companies.length })}
          </h2>
          {state.companies.length === 0 ? (
            <p>{state.q ? t('companies.noMatch', { q: state.q }) : t('companies.none')}</p>
          ) : (
            <ul className="item-list company-list">
              {state.companies.map((c) => (
                <li key={c.slug} className="company-row">
                  <CompanyLogo company={c} size="small" decorative />
                  <p>
                    <Link to={`/companies/${c.slug}`} className="item-name">{c.name}</Link>
                    {c.industry && <span className="muted"> · {c.industry}</span>}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <p className="muted small">{t('companies.missing')}{' '}<Link to="/verify">{t('companies.verifyLink')}</Link></p>
        </section>
      )}
      {me?.role === 'admin' && <LikelyDuplicates />}
    </div>
  )
}
