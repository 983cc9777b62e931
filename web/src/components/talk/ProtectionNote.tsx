import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'

/** What anonymous posting protects against, and what not (DESIGN §4), next to every composer. */
export function ProtectionNote({ id }: { id: string }) {
  const { t } = useTranslation()
  return (
    <section className="protection-note" aria-labelledby={id}>
      <h3 id={id}>{t('talk.protects.title')}</h3>
      <p>{t('talk.protects.yes')}</p>
      <p>{t('talk.protects.no')}</p>
      <p>
        <Link to="/talk/about">{t('talk.protects.more')}</Link>
      </p>
    </section>
  )
}
