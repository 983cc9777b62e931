import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { usePageTitle } from '../lib/use-page-title.js'

export type Section = 'talk' | 'network' | 'messages' | 'jobs'

/** An honest placeholder: what will be here, and nothing made up. */
export default function ComingSoon({ section }: { section: Section }) {
  const { t } = useTranslation()
  const title = t(`nav.${section}`)
  usePageTitle(title)
  return (
    <section className="card soon" aria-labelledby="soon-title">
      <p className="badge">{t('soon.badge')}</p>
      <h1 id="soon-title">{title}</h1>
      <p className="lead">{t(`soon.${section}`)}</p>
      <Link to="/">{t('soon.back')}</Link>
    </section>
  )
}
