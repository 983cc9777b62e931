import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { currentLanguage, isSupportedLanguage, SUPPORTED_LANGUAGES } from '../i18n/index.js'
import { useSession } from '../session/session-context.js'

/** Compact language switch (footer). Signed in, the choice is saved to the account as well. */
export function LanguageSelect() {
  const { t } = useTranslation()
  const { changeLanguage } = useSession()
  const id = useId()
  return (
    <div className="language-select">
      <label htmlFor={id}>{t('footer.language')}</label>
      <select
        id={id}
        value={currentLanguage()}
        onChange={(e) => {
          if (isSupportedLanguage(e.target.value)) void changeLanguage(e.target.value)
        }}
      >
        {SUPPORTED_LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </div>
  )
}
