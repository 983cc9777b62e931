import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Me } from '../../../../shared/src/api/index.js'
import { HANDLE } from '../../../../shared/src/api/limits.js'
import { account2Api } from '../../api/account2.js'
import { clientFormError, toFormError, type FormError } from '../../lib/problem.js'
import { useSession } from '../../session/session-context.js'
import { TextField } from '../Field.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'

const PATTERN = new RegExp(HANDLE.pattern)

/** Settings → Handle: the address of one's profile; the old one keeps working for a while. */
export function HandleForm({ me }: { me: Me }) {
  const { t } = useTranslation()
  const session = useSession()
  const [handle, setHandle] = useState(me.handle)
  const [error, setError] = useState<FormError | null>(null)
  const [saved, setSaved] = useState(false)
  const [busy, setBusy] = useState(false)

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    setSaved(false)
    const v = handle.trim()
    const bad = v.length < HANDLE.minLength || v.length > HANDLE.maxLength || !PATTERN.test(v)
    const invalid = clientFormError(t, bad ? { '/handle': t('account2.handle.rules', { min: HANDLE.minLength, max: HANDLE.maxLength }) } : {})
    setError(invalid)
    if (invalid) return document.getElementById('settings-handle')?.focus()
    setBusy(true)
    try {
      const updated = await account2Api.changeHandle(v)
      session.setMe(updated)
      setHandle(updated.handle)
      setSaved(true)
    } catch (err) {
      const messages = {
        handle_taken: t('account2.handle.taken'),
        handle_reserved: t('account2.handle.reserved'),
        handle_change_too_soon: t('account2.handle.tooSoon', { days: HANDLE.changeEveryDays }),
      }
      setError(toFormError(t, err, { knows: (p) => p === '/handle', codeMessages: messages, codeFields: { handle_taken: '/handle', handle_reserved: '/handle' } }))
      document.getElementById('settings-handle')?.focus()
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="handle-title">
      <h2 id="handle-title">{t('account2.handle.title')}</h2>
      <p className="muted">{t('account2.handle.intro', { keep: HANDLE.keepOldDays, every: HANDLE.changeEveryDays })}</p>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormAlert error={error} />
        <TextField id="settings-handle" label={t('account2.handle.label')} value={handle} maxLength={HANDLE.maxLength} autoComplete="off" required
          hint={t('account2.handle.hint', { url: `${location.origin}/in/${handle.trim().toLowerCase() || '…'}` })}
          onChange={(e) => { setHandle(e.target.value); setSaved(false) }} error={error?.fields['/handle']} />
        <div className="save-row">
          <button type="submit" className="button button-primary" aria-disabled={busy}>
            {busy ? t('account2.saving') : t('account2.handle.save')}
          </button>
          <StatusMessage message={saved ? t('account2.handle.saved') : null} className="status-success" />
        </div>
      </form>
    </section>
  )
}
