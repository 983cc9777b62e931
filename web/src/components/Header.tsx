import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, NavLink, useLocation } from 'react-router-dom'
import { useSession } from '../session/session-context.js'
import { Avatar } from './account2/Avatar.js'
import { Logo } from './Logo.js'
import { HeaderBell, MessagesBadge } from './notifications/HeaderBell.js'
import { HeaderSearch } from './search/HeaderSearch.js'
import { SignOutButton } from './SignOutButton.js'

const NAV = [
  { to: '/', key: 'home' },
  { to: '/talk', key: 'talk' },
  { to: '/network', key: 'network' },
  { to: '/messages', key: 'messages' },
  { to: '/jobs', key: 'jobs' },
  { to: '/companies', key: 'companies' },
] as const

export function Header() {
  const { t } = useTranslation()
  const session = useSession()
  const location = useLocation()
  const [open, setOpen] = useState(false)

  // Close the phone menu whenever the page changes (a new search is a new page too).
  useEffect(() => setOpen(false), [location.pathname, location.search])

  const me = session.me
  const isReviewer = me?.role === 'reviewer' || me?.role === 'admin'
  const isModerator = me?.role === 'moderator' || me?.role === 'admin'
  const nav = isReviewer ? [...NAV, { to: '/reviews', key: 'reviews' } as const] : NAV
  return (
    <header className={isReviewer || isModerator ? 'site-header nav-extra' : 'site-header'}>
      <div className="header-inner">
        <Link to="/" className="brand">
          <Logo />
          <span>{t('app.name')}</span>
        </Link>
        <button
          type="button"
          className="menu-button"
          aria-expanded={open}
          aria-controls="site-menu"
          onClick={() => setOpen((o) => !o)}
        >
          <span className="menu-icon" aria-hidden="true" />
          {t('nav.menu')}
        </button>
        <div id="site-menu" className={open ? 'site-menu open' : 'site-menu'}>
          <nav aria-label={t('a11y.mainNav')}>
            <ul className="nav-list">
              {nav.map((item) => (
                <li key={item.key}>
                  <NavLink to={item.to} end={item.to === '/'} className="nav-link">
                    {t(`nav.${item.key}`)}
                    {item.key === 'messages' && session.status === 'signedIn' && <MessagesBadge />}
                  </NavLink>
                </li>
              ))}
              {isModerator && (
                <li>
                  <NavLink to="/moderation" end className="nav-link">
                    {t('moderation.nav')}
                  </NavLink>
                </li>
              )}
            </ul>
          </nav>
          <div className="account-actions" aria-label={t('a11y.accountNav')} role="group">
            {session.status === 'signedIn' && me && (
              <>
                <HeaderBell />
                <NavLink to={`/in/${me.handle}`} className="nav-link nav-profile">
                  <Avatar name={me.name} url={me.avatarUrl} size="small" />
                  {t('header.profile')}
                </NavLink>
                <NavLink to="/settings" className="nav-link">
                  {t('header.settings')}
                </NavLink>
                <SignOutButton />
              </>
            )}
            {session.status === 'signedOut' && (
              <>
                <Link to="/signin" className="button button-quiet">
                  {t('header.signIn')}
                </Link>
                <Link to="/signup" className="button button-primary">
                  {t('header.signUp')}
                </Link>
              </>
            )}
          </div>
        </div>
      </div>
      {session.status === 'signedIn' && (
        <div className="header-search-row">
          <HeaderSearch />
        </div>
      )}
    </header>
  )
}
