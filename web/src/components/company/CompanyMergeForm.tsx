import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router-dom'
import type { Company } from '../../../../shared/src/api/index.js'
import { api } from '../../api/client.js'
import { clientFormError, toFormError, type FormError } from '../../lib/problem.js'
import { ConfirmBox } from '../ConfirmBox.js'
import { TextField } from '../Field.js'
import { FormAlert } from '../FormAlert.js'

/** Admins: merge this company into another (by slug). Two steps, like deleting an account. */
export function CompanyMergeForm({ company }: { company: Company }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const [into, setInto] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState(false)

  function cancel() {
    setConfirming(false)
    document.getElementById('merge-into')?.focus()
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const target = into.trim().toLowerCase()
    const problem = !target ? t('validation.required') : target === company.slug ? t('errors.same_company') : null
    const invalid = clientFormError(t, problem ? { '/into': problem } : {})
    setError(invalid)
    if (invalid) return document.getElementById('merge-into')?.focus()
    if (!confirming) return setConfirming(true)
    setBusy(true)
    try {
      const result = await api.mergeCompany(company.slug, target)
      navigate(`/companies/${result.slug}`, { state: { mergedFrom: company.name } })
    } catch (err) {
      setConfirming(false)
      setError(toFormError(t, err, {
        knows: (p) => p === '/into',
        codeFields: { not_found: '/into', same_company: '/into' },
        codeMessages: { not_found: t('company.admin.mergeNotFound', { slug: target }) },
      }))
      document.getElementById('merge-into')?.focus()
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="merge-title" className="admin-form">
      <h3 id="merge-title">{t('company.admin.merge')}</h3>
      <p className="muted">{t('company.admin.mergeBody')}</p>
      <FormAlert error={error} />
      <TextField id="merge-into" label={t('company.admin.mergeInto')} value={into} maxLength={64} required readOnly={confirming}
        autoCapitalize="none" spellCheck={false} hint={t('company.admin.mergeHint', { slug: company.slug })}
        onChange={(e) => setInto(e.target.value)} error={error?.fields['/into']} />
      {!confirming ? (
        <button type="submit" className="button button-danger">
          {t('company.admin.mergeSubmit')}
        </button>
      ) : (
        <ConfirmBox id="merge" question={t('company.admin.mergeQuestion', { from: company.name, into: into.trim().toLowerCase() })}
          confirmLabel={t('company.admin.mergeConfirm')} busyLabel={t('company.admin.merging')} busy={busy}
          cancelLabel={t('company.admin.cancel')} onCancel={cancel} />
      )}
    </form>
  )
}
