import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS } from '../../../../shared/src/api/limits.js'
import { api } from '../../api/client.js'
import { markAccountDeleted } from '../../lib/account-deleted.js'
import { clientFormError, toFormError, type FormError } from '../../lib/problem.js'
import { useSession } from '../../session/session-context.js'
import { forgetWorkTalkOnThisDevice } from '../../talk/forget.js'
import { ConfirmBox } from '../ConfirmBox.js'
import { TextField } from '../Field.js'
import { FormAlert } from '../FormAlert.js'

/** Two steps: enter the password, then confirm. Only then is DELETE /me sent. */
export function DeleteAccountForm() {
  const { t } = useTranslation()
  const session = useSession()
  const [password, setPassword] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState(false)

  function cancel() {
    setConfirming(false)
    setPassword('')
    setError(null)
    document.getElementById('delete-password')?.focus()
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const invalid = clientFormError(t, password ? {} : { '/password': t('validation.required') })
    setError(invalid)
    if (invalid) return document.getElementById('delete-password')?.focus()
    if (!confirming) return setConfirming(true)
    setBusy(true)
    try {
      await api.deleteAccount({ password })
      // The account is gone: so are its Work Talk tokens, pseudonym secret and drafts here.
      if (session.me) await forgetWorkTalkOnThisDevice(session.me.id).catch(() => undefined)
      markAccountDeleted()
      session.leave('/')
      return
    } catch (err) {
      setConfirming(false)
      setError(
        toFormError(t, err, {
          knows: (p) => p === '/password',
          codeFields: { bad_credentials: '/password' },
          codeMessages: { bad_credentials: t('settings.delete.wrongPassword') },
        }),
      )
      document.getElementById('delete-password')?.focus()
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">{t('settings.delete.title')}</h2>
      <p>{t('settings.delete.body')}</p>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormAlert error={error} />
        <TextField id="delete-password" type="password" label={t('settings.delete.password')} value={password}
          autoComplete="current-password" maxLength={LIMITS.passwordMaxLength} required readOnly={confirming}
          onChange={(e) => setPassword(e.target.value)} error={error?.fields['/password']} />
        {!confirming ? (
          <button type="submit" className="button button-danger">
            {t('settings.delete.submit')}
          </button>
        ) : (
          <ConfirmBox id="delete" question={t('settings.delete.question')} confirmLabel={t('settings.delete.confirm')}
            busyLabel={t('settings.delete.deleting')} busy={busy} cancelLabel={t('settings.delete.cancel')} onCancel={cancel} />
        )}
      </form>
    </section>
  )
}
