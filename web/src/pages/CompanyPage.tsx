import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom'
import type { Company } from '../../../shared/src/api/index.js'
import { api, isApiError } from '../api/client.js'
import { CompanyEditForm } from '../components/company/CompanyEditForm.js'
import { CompanyLogo } from '../components/company/CompanyLogo.js'
import { CompanyLogoForm } from '../components/company/CompanyLogoForm.js'
import { CompanyMergeForm } from '../components/company/CompanyMergeForm.js'
import { CompanyRepresentatives } from '../components/company/CompanyRepresentatives.js'
import { CompanyInterviews } from '../components/company/CompanyInterviews.js'
import { CompanyJobs } from '../components/jobs/CompanyJobs.js'
import { CompanyReviews } from '../components/company/CompanyReviews.js'
import { CompanySalaries } from '../components/company/CompanySalaries.js'
import { StatusMessage } from '../components/FormAlert.js'
import { Loading } from '../components/Loading.js'
import { errorMessage } from '../lib/problem.js'
import { usePageTitle } from '../lib/use-page-title.js'
import { useSession } from '../session/session-context.js'
import { LoadFailed } from '../components/LoadFailed.js'
import { CompanyFollow } from '../components/network/CompanyFollow.js'

type State = { kind: 'loading' } | { kind: 'ok'; company: Company } | { kind: 'notFound' } | { kind: 'error'; message: string }

const TABS = ['overview', 'reviews', 'salaries', 'interviews', 'jobs'] as const
type Tab = (typeof TABS)[number]
const isTab = (v: string | null): v is Tab => TABS.some((k) => k === v)

/**
 * Rendered inside <RequireAuth>. After a merge, the target page shows a note passed in router state.
 * The tab is in `?tab=` (none: the overview), so each one has its own address; a tab once opened
 * stays mounted while another is shown, so a half-written review survives a look at the salaries.
 */
export default function CompanyPage() {
  const { t } = useTranslation()
  const { slug = '' } = useParams()
  const { me } = useSession()
  const location = useLocation()
  const [params] = useSearchParams()
  const wanted = params.get('tab')
  const tab: Tab = isTab(wanted) ? wanted : 'overview'
  const [opened, setOpened] = useState<{ slug: string; tabs: readonly Tab[] }>({ slug, tabs: [tab] })
  const openedTabs = opened.slug !== slug ? [tab] : opened.tabs.includes(tab) ? opened.tabs : [...opened.tabs, tab]
  useEffect(() => {
    setOpened((o) => (o.slug !== slug ? { slug, tabs: [tab] } : o.tabs.includes(tab) ? o : { slug, tabs: [...o.tabs, tab] }))
  }, [slug, tab])
  const merged = (location.state as { mergedFrom?: string } | null)?.mergedFrom ?? null
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let live = true
    setState((s) => (s.kind === 'ok' && s.company.slug === slug ? s : { kind: 'loading' }))
    api.company(slug).then(
      (company) => live && setState({ kind: 'ok', company }),
      (err: unknown) => {
        if (!live) return
        if (isApiError(err) && err.status === 404) setState({ kind: 'notFound' })
        else setState({ kind: 'error', message: errorMessage(t, err) })
      },
    )
    return () => {
      live = false
    }
  }, [slug, attempt])

  const tabTitle = tab === 'overview' ? null : t(`companyReviews.tabs.${tab}`)
  usePageTitle(state.kind === 'ok' ? (tabTitle ? `${tabTitle} · ${state.company.name}` : state.company.name) : state.kind === 'notFound' ? t('company.notFoundTitle') : t('companies.title'))

  if (state.kind === 'loading') return <Loading />
  if (state.kind === 'notFound') {
    return (
      <section className="card narrow" aria-labelledby="cnf-title">
        <h1 id="cnf-title">{t('company.notFoundTitle')}</h1>
        <p>{t('company.notFoundBody')}</p>
        <Link to="/companies">{t('company.back')}</Link>
      </section>
    )
  }
  if (state.kind === 'error') {
    return <LoadFailed message={state.message} onRetry={() => setAttempt((a) => a + 1)} />
  }

  const c = state.company
  const facts = [c.industry, c.sizeBand && t('company.size', { size: c.sizeBand })].filter(Boolean).join(' · ')
  const isAdmin = me?.role === 'admin'
  return (
    <article className="company" aria-labelledby="company-name">
      <StatusMessage message={merged ? t('company.mergedNotice', { from: merged, into: c.name }) : null} className="notice" />
      <header className="card company-header">
        <p className="breadcrumb">
          <Link to="/companies">{t('companies.title')}</Link>
        </p>
        <div className="company-title">
          <CompanyLogo company={c} size="large" />
          <div className="company-title-text">
            <h1 id="company-name">{c.name}</h1>
            {facts && <p className="headline">{facts}</p>}
            {(c.website || c.locations.length > 0) && (
              <p className="company-where muted">
                {c.website && (
                  <a href={c.website} rel="noopener nofollow ugc" target="_blank">{displayUrl(c.website)}</a>
                )}
                {c.website && c.locations.length > 0 && ' · '}
                {c.locations.length > 0 && <span aria-label={t('company.locations')}>{c.locations.join(' · ')}</span>}
              </p>
            )}
            <p className="member-count">
              <strong>{t(c.memberCount >= 10 ? 'company.aboutMembers' : 'company.verifiedMembers', { count: c.memberCount })}</strong>
            </p>
            <CompanyFollow company={c} onChanged={(company) => setState({ kind: 'ok', company })} />
            {/* Its Work Talk board: for its current verified employees alone. */}
            {c.board.member && c.board.available && (
              <p className="company-board-link">
                <Link to={`/talk?channel=${encodeURIComponent(c.slug)}`}>{t('talk.forum.companyBoard.open', { company: c.name })}</Link>
                <span className="muted small"> {t('talk.forum.companyBoard.intro')}</span>
              </p>
            )}
            {c.board.member && !c.board.available && (
              <p className="company-board-link muted small">{t('talk.forum.companyBoard.below', { company: c.name, min: c.board.minMembers })}</p>
            )}
          </div>
        </div>
        {c.domains.length > 0 && (
          <div className="domains">
            <h2 className="small-heading" id="domains-title">{t('company.domains')}</h2>
            <ul className="chips" aria-labelledby="domains-title">
              {c.domains.map((d) => (
                <li key={d} className="chip">{d}</li>
              ))}
            </ul>
          </div>
        )}
      </header>
      <nav className="company-tabs" aria-label={t('companyReviews.tabs.label', { company: c.name })}>
        <ul className="tab-list">
          {TABS.map((k) => (
            <li key={k}>
              <Link to={{ search: k === 'overview' ? '' : `?tab=${k}` }} className="tab" aria-current={k === tab ? 'page' : undefined}>
                {t(`companyReviews.tabs.${k}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {openedTabs.includes('overview') && (
        <div className="company-panel" hidden={tab !== 'overview'}>
          {c.description && (
            <section className="card" aria-labelledby="company-about">
              <h2 id="company-about">{t('company.about')}</h2>
              <p className="prewrap">{c.description}</p>
            </section>
          )}
          <section className="card" aria-labelledby="company-members">
            <h2 id="company-members">{t('company.members')}</h2>
            {c.members.length === 0 ? (
              <p className="muted">{t('company.noMembers')}</p>
            ) : (
              <ul className="item-list">
                {c.members.map((m) => (
                  <li key={m.handle}>
                    <Link to={`/in/${m.handle}`} className="item-name">{m.name}</Link>
                    {m.headline && <p className="muted small">{m.headline}</p>}
                  </li>
                ))}
              </ul>
            )}
            <p className="muted small">{t('company.membersNote', { company: c.name })}</p>
          </section>
          <CompanyRepresentatives company={c} onChanged={async () => setState({ kind: 'ok', company: await api.company(c.slug) })} />
          {isAdmin && (
            <section className="card admin-zone" aria-labelledby="admin-title">
              <h2 id="admin-title">{t('company.admin.title')}</h2>
              <CompanyEditForm company={c} onSaved={(company) => setState({ kind: 'ok', company })} />
              <CompanyLogoForm company={c} onChanged={(company) => setState({ kind: 'ok', company })} />
              <CompanyMergeForm company={c} />
            </section>
          )}
          {!isAdmin && c.canEditProfile && (
            <section className="card admin-zone" aria-labelledby="profile-edit-title">
              <h2 id="profile-edit-title">{t('company.admin.representativeTitle')}</h2>
              <p className="muted small">{t('company.admin.representativeNote')}</p>
              <CompanyEditForm company={c} admin={false} onSaved={(company) => setState({ kind: 'ok', company })} />
              <CompanyLogoForm company={c} onChanged={(company) => setState({ kind: 'ok', company })} />
            </section>
          )}
        </div>
      )}
      {openedTabs.includes('reviews') && (
        <div className="company-panel" hidden={tab !== 'reviews'}>
          <CompanyReviews key={c.slug} company={c} />
        </div>
      )}
      {openedTabs.includes('salaries') && (
        <div className="company-panel" hidden={tab !== 'salaries'}>
          <CompanySalaries key={c.slug} company={c} />
        </div>
      )}
      {openedTabs.includes('interviews') && (
        <div className="company-panel" hidden={tab !== 'interviews'}>
          <CompanyInterviews key={c.slug} company={c} />
        </div>
      )}
      {openedTabs.includes('jobs') && (
        <div className="company-panel" hidden={tab !== 'jobs'}>
          <CompanyJobs key={c.slug} slug={c.slug} companyName={c.name} />
        </div>
      )}
    </article>
  )
}

/** An address as people read it: no scheme, no trailing slash. */
function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '')
}
