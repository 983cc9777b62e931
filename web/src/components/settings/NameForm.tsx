import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Me } from '../../../../shared/src/api/index.js'
import { LIMITS } from '../../../../shared/src/api/limits.js'
import { api } from '../../api/client.js'
import { useSession } from '../../session/session-context.js'
import { clientFormError, toFormError, type FormError } from '../../lib/problem.js'
import { TextField } from '../Field.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'

export function NameForm({ me }: { me: Me }) {
  const { t } = useTranslation()
  const session = useSession()
  const [name, setName] = useState(me.name)
  const [error, setError] = useState<FormError | null>(null)
  const [saved, setSaved] = useState(false)
  const [busy, setBusy] = useState(false)

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    setSaved(false)
    const invalid = clientFormError(t, name.trim() ? {} : { '/name': t('validation.required') })
    setError(invalid)
    if (invalid) return document.getElementById('settings-name')?.focus()
    setBusy(true)
    try {
      const updated = await api.updateMe({ name: name.trim() })
      session.setMe(updated)
      setName(updated.name)
      setSaved(true)
    } catch (err) {
      setError(toFormError(t, err, { knows: (p) => p === '/name' }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="account-title">
      <h2 id="account-title">{t('settings.account.title')}</h2>
      <p className="muted">{t('settings.account.email', { email: me.email })}</p>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormAlert error={error} />
        <TextField id="settings-name" label={t('fields.name')} value={name} maxLength={LIMITS.nameLength} autoComplete="name" required
          onChange={(e) => { setName(e.target.value); setSaved(false) }} error={error?.fields['/name']} />
        <div className="save-row">
          <button type="submit" className="button button-primary" aria-disabled={busy}>
            {busy ? t('settings.account.saving') : t('settings.account.save')}
          </button>
          <StatusMessage message={saved ? t('settings.account.saved') : null} className="status-success" />
        </div>
      </form>
    </section>
  )
}
