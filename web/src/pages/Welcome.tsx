import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { usePageTitle } from '../lib/use-page-title.js'
import { useSession } from '../session/session-context.js'

/** The step after sign-up (sign-up routes here, once): what to do next, with a link to each. */
export default function Welcome() {
  const { t } = useTranslation()
  const { me } = useSession()
  usePageTitle(t('account.welcome.title'))
  const steps = [
    { key: 'profile', to: '/me/edit' },
    { key: 'verify', to: '/verify' },
    { key: 'people', to: '/network' },
  ] as const
  return (
    <section className="card narrow welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{me ? t('account.welcome.hello', { name: me.name }) : t('account.welcome.title')}</h1>
      <p className="muted">{t('account.welcome.intro')}</p>
      <ol className="welcome-steps">
        {steps.map((s) => (
          <li key={s.key}>
            <h2>{t(`account.welcome.${s.key}.title`)}</h2>
            <p>{t(`account.welcome.${s.key}.body`)}</p>
            <Link className={s.key === 'profile' ? 'button button-primary' : 'button button-secondary'} to={s.to}>
              {t(`account.welcome.${s.key}.link`)}
            </Link>
          </li>
        ))}
      </ol>
      <p className="auth-switch">
        <Link to="/">{t('account.welcome.later')}</Link>
      </p>
    </section>
  )
}
