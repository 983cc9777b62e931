import { lazy, Suspense, useCallback, useState } from 'react'
import type { FeedPost } from '../../../shared/src/api/feed.js'
import { feedApi } from '../api/feed.js'
import { Composer } from '../components/feed/Composer.js'
import { PostList } from '../components/feed/PostList.js'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { Loading } from '../components/Loading.js'
import { ProfileCompleteness } from '../components/ProfileCompleteness.js'
import { StatusMessage } from '../components/FormAlert.js'
import { useAccountDeletedNotice } from '../lib/account-deleted.js'
import { usePageTitle } from '../lib/use-page-title.js'
import { useSession } from '../session/session-context.js'
import { isVerified } from '../talk/voices.js'

// Signed-in members only: loaded on demand, keeping the first download of the public home small.
const HomeHot = lazy(() => import('../components/talk/forum/HomeHot.js').then((m) => ({ default: m.HomeHot })))

function SignedOutHome() {
  const { t } = useTranslation()
  return (
    <div className="home">
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{t('home.heroTitle')}</h1>
        <p className="lead">{t('home.heroBody')}</p>
        <div className="actions">
          <Link to="/signup" className="button button-primary button-large">
            {t('home.ctaSignUp')}
          </Link>
          <Link to="/signin" className="button button-secondary button-large">
            {t('home.ctaSignIn')}
          </Link>
        </div>
      </section>
      <div className="grid-2">
        <section className="card feature" aria-labelledby="talk-title">
          <h2 id="talk-title">{t('home.talkTitle')}</h2>
          <p>{t('home.talkBody')}</p>
        </section>
        <section className="card feature" aria-labelledby="profile-title">
          <h2 id="profile-title">{t('home.profileTitle')}</h2>
          <p>{t('home.profileBody')}</p>
        </section>
      </div>
    </div>
  )
}

export default function Home() {
  const { t } = useTranslation()
  const { status, me } = useSession()
  const deleted = useAccountDeletedNotice()
  usePageTitle(t('home.title'))

  if (status === 'loading') return <Loading />
  if (!me) {
    return (
      <>
        <StatusMessage message={deleted ? t('home.accountDeleted') : null} className="notice" />
        <SignedOutHome />
      </>
    )
  }
  return <SignedInHome />
}

/**
 * A signed-in member's home: the feed with a composer on top, and Work Talk's hot threads beside it
 * (below it on a phone), with the verification call and the next steps.
 */
function SignedInHome() {
  const { t } = useTranslation()
  const { me } = useSession()
  const [mine, setMine] = useState<FeedPost[]>([])
  const load = useCallback((cursor: string | null) => feedApi.home(cursor), [])
  if (!me) return null
  const verified = me.employments.some((e) => e.status === 'current')
  return (
    <div className="home feed-home">
      <h1>{t('home.welcome', { name: me.name })}</h1>
      <section className="feed-main" aria-labelledby="feed-title">
        <h2 id="feed-title">{t('feed.title')}</h2>
        <Composer onPosted={(p) => setMine([p, ...mine])} />
        <PostList load={load} prepend={mine} empty={t('feed.empty')} />
      </section>
      <aside className="feed-aside" aria-label={t('feed.aside')}>
        {/* Work Talk leads: the few threads that are hot now (the public window until the member verifies). */}
        <Suspense fallback={null}>
          <HomeHot verified={isVerified(me)} />
        </Suspense>
        {!verified && (
          <section className="card callout" aria-labelledby="verify-cta-title">
            <h2 id="verify-cta-title">{t('home.verifyTitle')}</h2>
            <p>{t('home.verifyBody')}</p>
            <Link to="/verify" className="button button-primary">
              {t('home.verifyCta')}
            </Link>
          </section>
        )}
        <ProfileCompleteness profile={me.profile} />
        <section className="card" aria-labelledby="next-title">
          <h2 id="next-title">{t('home.nextTitle')}</h2>
          <ul className="link-list">
            <li>
              <Link to={`/in/${me.handle}`}>{t('home.viewProfile')}</Link>
            </li>
            <li>
              <Link to={`/in/${me.handle}/activity`}>{t('feed.activity.mine')}</Link>
            </li>
            <li>
              <Link to="/me/edit">{t('home.editProfile')}</Link>
            </li>
            <li>
              <Link to="/network">{t('feed.findPeople')}</Link>
            </li>
            <li>
              <Link to="/talk">{t('home.talk')}</Link>
            </li>
          </ul>
        </section>
      </aside>
    </div>
  )
}
