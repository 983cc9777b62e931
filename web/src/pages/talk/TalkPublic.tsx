import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { PublicHotList, usePublicHot } from '../../components/talk/forum/PublicHotList.js'
import { VerifyFirst } from '../../components/talk/VerifyFirst.js'
import { signInPath } from '../../lib/next-path.js'

/**
 * Work Talk for visitors who cannot read it yet (DESIGN §5b, GET /talk/public/hot): the open
 * channel's hot threads — titles and first lines, never a board — and the way in. Signed out:
 * create an account or sign in; signed in without a verification: verify first.
 */
export default function TalkPublic({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation()
  const hot = usePublicHot()
  if (signedIn) {
    return (
      <div className="talk talk-public">
        <VerifyFirst />
        <section className="card thread-list-card" aria-labelledby="public-hot-title">
          <h2 id="public-hot-title">{t('talk.forum.public.verifyTitle')}</h2>
          <p className="muted small">{t('talk.forum.public.verifyBody')}</p>
          <PublicHotList threads={hot.threads} failed={hot.failed} signInToRead={false} />
        </section>
      </div>
    )
  }
  return (
    <div className="talk talk-public">
      <div className="talk-head">
        <div>
          <h1>{t('talk.title')}</h1>
          <p className="lead">{t('talk.forum.public.lead')}</p>
        </div>
      </div>
      <section className="card callout public-join" aria-labelledby="public-join-title">
        <h2 id="public-join-title">{t('talk.forum.public.join')}</h2>
        <p>{t('talk.forum.public.joinBody')}</p>
        <div className="actions">
          <Link to="/signup" className="button button-primary">{t('talk.forum.public.signUp')}</Link>
          <Link to={signInPath('/talk')} className="button button-secondary">{t('talk.forum.public.signIn')}</Link>
          <Link to="/talk/about" className="small">{t('talk.about')}</Link>
        </div>
      </section>
      <section className="card thread-list-card" aria-labelledby="public-hot-title">
        <h2 id="public-hot-title">{t('talk.forum.public.hotTitle')}</h2>
        <PublicHotList threads={hot.threads} failed={hot.failed} signInToRead />
      </section>
    </div>
  )
}
