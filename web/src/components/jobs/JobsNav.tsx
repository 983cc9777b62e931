import { useTranslation } from 'react-i18next'
import { NavLink } from 'react-router-dom'
import { useRepresented } from './use-represented.js'

/** The jobs section's own links: search, my applications, saved jobs, alerts, and for representatives the inbox. */
export function JobsNav() {
  const { t } = useTranslation()
  const represented = useRepresented()
  const links = [
    { to: '/jobs', label: t('jobs.nav.search'), end: true },
    { to: '/jobs/applications', label: t('jobs.nav.applications') },
    { to: '/jobs/saved', label: t('jobs.nav.saved') },
    { to: '/jobs/alerts', label: t('jobs.nav.alerts') },
    ...(represented && represented.length > 0 ? [{ to: '/jobs/inbox', label: t('jobs.nav.inbox') }] : []),
  ]
  return (
    <nav className="jobs-nav" aria-label={t('jobs.nav.label')}>
      <ul>
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end={l.end ?? false} className="jobs-nav-link">{l.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}
