import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { LanguageSelect } from './LanguageSelect.js'

export function Footer() {
  const { t } = useTranslation()
  return (
    <footer className="site-footer">
      <div className="footer-inner">
        <p className="footer-blurb">{t('footer.blurb')}</p>
        <div className="footer-actions">
          <LanguageSelect />
          <Link to="/takedown" className="footer-link">
            {t('moderation.footer.takedown')}
          </Link>
          <Link to="/moderation/log" className="footer-link">
            {t('moderation.footer.log')}
          </Link>
          <Link to="/transparency" className="footer-link">
            {t('moderation.footer.transparency')}
          </Link>
          {/* Served by the API server, not by the app router. */}
          <a href="/api/docs" className="footer-link">
            {t('footer.apiDocs')}
          </a>
        </div>
      </div>
    </footer>
  )
}
