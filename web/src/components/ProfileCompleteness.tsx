import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { Profile } from '../../../shared/src/api/index.js'
import { profileCompleteness } from '../lib/completeness.js'

export function ProfileCompleteness({ profile }: { profile: Profile }) {
  const { t } = useTranslation()
  const { percent, missing } = profileCompleteness(profile)
  return (
    <section className="card" aria-labelledby="completeness-title">
      <h2 id="completeness-title">{t('completeness.title')}</h2>
      <progress className="progress" max={100} value={percent} aria-labelledby="completeness-text" />
      <p id="completeness-text">{missing.length === 0 ? t('completeness.done') : t('completeness.percent', { percent })}</p>
      {missing.length > 0 && (
        <>
          <p className="muted">
            {t('completeness.missing', { items: missing.map((m) => t(`completeness.items.${m}`)).join(t('completeness.separator')) })}
          </p>
          <Link to="/me/edit" className="button button-primary">
            {t('completeness.cta')}
          </Link>
        </>
      )}
    </section>
  )
}
