import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { Company } from '../../../../shared/src/api/index.js'
import { api } from '../../api/client.js'
import { clientFormError, toFormError, type FormError } from '../../lib/problem.js'
import { TextField } from '../Field.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'

/**
 * Who speaks for the company in its own name (issue 10): listed for everyone; an admin or a
 * representative adds a current verified employee by handle, or ends a role.
 */
export function CompanyRepresentatives({ company, onChanged }: { company: Company; onChanged: () => Promise<void> }) {
  const { t } = useTranslation()
  const [handle, setHandle] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FormError | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const manage = company.canManageRepresentatives

  async function run(work: () => Promise<unknown>, message: string) {
    setBusy(true)
    setStatus(null)
    try {
      await work()
      await onChanged()
      setStatus(message)
      return true
    } catch (err) {
      setError(toFormError(t, err, { knows: (p) => p === '/handle', codeFields: { not_employee: '/handle', not_found: '/handle' }, codeMessages: { not_employee: t('company.representatives.notEmployee', { company: company.name }), not_found: t('company.representatives.noSuchMember') } }))
      document.getElementById('representative-handle')?.focus()
      return false
    } finally {
      setBusy(false)
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const h = handle.trim().replace(/^@/, '').toLowerCase()
    const invalid = clientFormError(t, h ? {} : { '/handle': t('validation.required') })
    setError(invalid)
    if (invalid) return document.getElementById('representative-handle')?.focus()
    if (await run(() => api.addRepresentative(company.slug, h), t('company.representatives.added', { handle: h }))) setHandle('')
  }

  if (!manage && company.representatives.length === 0) return null
  return (
    <section className="card" aria-labelledby="representatives-title">
      <h2 id="representatives-title">{t('company.representatives.title')}</h2>
      <p className="muted small">{t('company.representatives.intro', { company: company.name })}</p>
      <StatusMessage message={status} className="status-success" />
      {company.representatives.length === 0 ? (
        <p className="muted">{t('company.representatives.none')}</p>
      ) : (
        <ul className="item-list">
          {company.representatives.map((r) => (
            <li key={r.handle} className="representative">
              <Link to={`/in/${r.handle}`} className="item-name">{r.name}</Link>
              {manage && (
                <button type="button" className="button button-danger-quiet" aria-disabled={busy}
                  onClick={() => void run(() => api.removeRepresentative(company.slug, r.handle), t('company.representatives.removed', { name: r.name }))}>
                  {t('company.representatives.remove')}
                  <span className="visually-hidden"> – {r.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {manage && (
        <form onSubmit={(e) => void onSubmit(e)} noValidate className="admin-form" aria-labelledby="representative-add-title">
          <h3 id="representative-add-title">{t('company.representatives.add')}</h3>
          <FormAlert error={error} />
          <TextField id="representative-handle" label={t('company.representatives.handle')} value={handle} maxLength={64} required
            autoCapitalize="none" spellCheck={false} hint={t('company.representatives.handleHint', { company: company.name })}
            onChange={(e) => setHandle(e.target.value)} error={error?.fields['/handle']} />
          <button type="submit" className="button button-secondary" aria-disabled={busy}>{t('company.representatives.addButton')}</button>
        </form>
      )}
    </section>
  )
}
