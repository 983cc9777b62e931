import { useTranslation } from 'react-i18next'
import { EXPORT_URL } from '../../api/account.js'

/** Settings: "Download your data" — a JSON file of one's own real-name data; nothing of Work Talk. */
export function DownloadData() {
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">{t('account.export.title')}</h2>
      <p>{t('account.export.body')}</p>
      <p className="muted">{t('account.export.talk')}</p>
      <a className="button button-secondary" href={EXPORT_URL} download>
        {t('account.export.download')}
      </a>
    </section>
  )
}
