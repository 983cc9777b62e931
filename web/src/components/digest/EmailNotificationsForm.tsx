import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EmailKinds } from '../../../../shared/src/api/digest.js'
import { NOTIFICATION_KINDS, type NotificationKind } from '../../../../shared/src/api/notifications.js'
import { digestApi } from '../../api/digest.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'

/** Settings: which notification kinds the daily e-mail digest lists; each checkbox saves at once. */
export function EmailNotificationsForm() {
  const { t } = useTranslation()
  const [email, setEmail] = useState<EmailKinds | null>(null)
  const [result, setResult] = useState<'saved' | 'failed' | null>(null)

  useEffect(() => {
    let live = true
    digestApi.settings().then(
      (s) => live && setEmail(s.email),
      () => live && setResult('failed'),
    )
    return () => {
      live = false
    }
  }, [])

  async function toggle(kind: NotificationKind, on: boolean) {
    if (!email) return
    const next = { ...email, [kind]: on }
    setEmail(next)
    setResult(null)
    try {
      setEmail((await digestApi.save(next)).email)
      setResult('saved')
    } catch {
      setEmail(email)
      setResult('failed')
    }
  }

  return (
    <section className="card" aria-labelledby="digest-title">
      <h2 id="digest-title">{t('digest.settings.title')}</h2>
      <p className="muted small" id="digest-hint">{t('digest.settings.hint')}</p>
      <FormAlert error={result === 'failed' ? { message: t('errors.generic'), fields: {}, extra: [] } : null} />
      {email && (
        <fieldset className="digest-kinds" aria-describedby="digest-hint">
          <legend className="visually-hidden">{t('digest.settings.legend')}</legend>
          {NOTIFICATION_KINDS.map((k) => (
            <div className="checkbox" key={k}>
              <input id={`digest-${k}`} type="checkbox" checked={email[k] ?? false} onChange={(e) => void toggle(k, e.target.checked)} />
              <label htmlFor={`digest-${k}`}>{t(`digest.kinds.${k}`)}</label>
            </div>
          ))}
        </fieldset>
      )}
      <StatusMessage message={result === 'saved' ? t('digest.settings.saved') : null} className="status-success" />
    </section>
  )
}
