import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS } from '../../../../shared/src/api/limits.js'
import { api } from '../../api/client.js'
import { clientFormError, focusFirstInvalid, toFormError, type FieldErrors, type FormError } from '../../lib/problem.js'
import { TextField } from '../Field.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'

export function PasswordForm() {
  const { t } = useTranslation()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirm, setConfirm] = useState('')
  const [error, setError] = useState<FormError | null>(null)
  const [done, setDone] = useState(false)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    setDone(false)
    const f: FieldErrors = {}
    if (!current) f['/currentPassword'] = t('validation.required')
    if (next.length < LIMITS.passwordMinLength) f['/newPassword'] = t('validation.passwordLength', { min: LIMITS.passwordMinLength })
    if (confirm !== next) f['/confirm'] = t('validation.passwordMismatch')
    const invalid = clientFormError(t, f)
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    setBusy(true)
    try {
      await api.changePassword({ currentPassword: current, newPassword: next })
      setCurrent('')
      setNext('')
      setConfirm('')
      setDone(true)
    } catch (err) {
      setError(
        toFormError(t, err, {
          knows: (p) => p === '/currentPassword' || p === '/newPassword',
          codeFields: { bad_credentials: '/currentPassword', weak_password: '/newPassword' },
          codeMessages: { bad_credentials: t('errors.bad_current_password') },
        }),
      )
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  const fe = error?.fields ?? {}
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t('settings.password.title')}</h2>
      <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormAlert error={error} />
        <TextField id="settings-current-password" type="password" label={t('settings.password.current')} value={current}
          autoComplete="current-password" maxLength={LIMITS.passwordMaxLength} required
          onChange={(e) => setCurrent(e.target.value)} error={fe['/currentPassword']} />
        <TextField id="settings-new-password" type="password" label={t('settings.password.new')} value={next}
          hint={t('fields.passwordHint', { min: LIMITS.passwordMinLength })} autoComplete="new-password"
          minLength={LIMITS.passwordMinLength} maxLength={LIMITS.passwordMaxLength} required
          onChange={(e) => setNext(e.target.value)} error={fe['/newPassword']} />
        <TextField id="settings-confirm-password" type="password" label={t('settings.password.confirm')} value={confirm}
          autoComplete="new-password" maxLength={LIMITS.passwordMaxLength} required
          onChange={(e) => setConfirm(e.target.value)} error={fe['/confirm']} />
        <div className="save-row">
          <button type="submit" className="button button-primary" aria-disabled={busy}>
            {busy ? t('settings.password.submitting') : t('settings.password.submit')}
          </button>
          <StatusMessage message={done ? t('settings.password.done') : null} className="status-success" />
        </div>
      </form>
    </section>
  )
}
