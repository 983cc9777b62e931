import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'

/** Work Talk for a member without any verification: what it is, and the way in. */
export function VerifyFirst() {
  const { t } = useTranslation()
  return (
    <section className="card callout verify-first" aria-labelledby="verify-first-title">
      <h1 id="verify-first-title">{t('talk.verifyFirst.title')}</h1>
      <p className="lead">{t('talk.verifyFirst.body')}</p>
      <p>{t('talk.verifyFirst.how')}</p>
      <div className="actions">
        <Link to="/verify" className="button button-primary">
          {t('talk.verifyFirst.cta')}
        </Link>
        <Link to="/talk/about" className="button button-secondary">
          {t('talk.about')}
        </Link>
      </div>
    </section>
  )
}
