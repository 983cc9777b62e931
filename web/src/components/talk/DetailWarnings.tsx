import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { findIdentifyingDetails } from '../../talk/identifying.js'

/**
 * A live warning about details in the text that could identify the writer. It never blocks
 * posting. Always rendered (empty when clean) so screen readers announce when it appears.
 */
export function DetailWarnings({ id, texts }: { id: string; texts: string[] }) {
  const { t } = useTranslation()
  const key = texts.join('\u0000')
  const findings = useMemo(() => findIdentifyingDetails(...key.split('\u0000')), [key])
  const quote = (s: string) => `“${s}”`
  return (
    <div id={id} role="status" className={findings.length ? 'detail-warnings' : 'status-empty'}>
      {findings.length > 0 && (
        <>
          <p className="detail-warnings-title">{t('talk.warnings.title')}</p>
          <ul>
            {findings.map((f) => (
              <li key={f.kind}>{t(`talk.warnings.${f.kind}`, { examples: f.examples.map(quote).join(', ') })}</li>
            ))}
          </ul>
          <p className="hint">{t('talk.warnings.note')}</p>
        </>
      )}
    </div>
  )
}
