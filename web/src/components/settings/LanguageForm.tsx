import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { currentLanguage, isSupportedLanguage, SUPPORTED_LANGUAGES } from '../../i18n/index.js'
import { useSession } from '../../session/session-context.js'
import { SelectField } from '../Field.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'

/** Changing the select switches the UI at once and saves the choice to the account. */
export function LanguageForm() {
  const { t } = useTranslation()
  const session = useSession()
  const [result, setResult] = useState<'saved' | 'failed' | null>(null)

  async function onChange(value: string) {
    if (!isSupportedLanguage(value)) return
    setResult(null)
    setResult((await session.changeLanguage(value)) ? 'saved' : 'failed')
  }

  return (
    <section className="card" aria-labelledby="language-title">
      <h2 id="language-title">{t('settings.language.title')}</h2>
      <FormAlert error={result === 'failed' ? { message: t('errors.generic'), fields: {}, extra: [] } : null} />
      <SelectField id="settings-language" label={t('settings.language.label')} hint={t('settings.language.hint')}
        value={currentLanguage()} onChange={(e) => void onChange(e.target.value)}>
        {SUPPORTED_LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </SelectField>
      <StatusMessage message={result === 'saved' ? t('settings.language.saved') : null} className="status-success" />
    </section>
  )
}
