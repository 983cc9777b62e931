import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { LIMITS } from '../../../shared/src/api/limits.js'
import { accountApi } from '../api/account.js'
import { TextField } from '../components/Field.js'
import { FormAlert } from '../components/FormAlert.js'
import { clientFormError, focusFirstInvalid, toFormError, type FieldErrors, type FormError } from '../lib/problem.js'
import { usePageTitle } from '../lib/use-page-title.js'
import { looksLikeEmail } from '../lib/validation.js'

/** "Forgot password?": asks for a link. What follows reads the same whether or not the address has an account. */
export default function ForgotPassword() {
  const { t } = useTranslation()
  const [email, setEmail] = useState('')
  const [sentTo, setSentTo] = useState<string | null>(null)
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const doneRef = useRef<HTMLHeadingElement>(null)
  usePageTitle(t('account.forgot.title'))

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const f: FieldErrors = {}
    if (!email.trim()) f['/email'] = t('validation.required')
    else if (!looksLikeEmail(email)) f['/email'] = t('validation.email')
    const invalid = clientFormError(t, f)
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    setBusy(true)
    try {
      await accountApi.requestPasswordReset(email.trim())
      setSentTo(email.trim())
      requestAnimationFrame(() => doneRef.current?.focus())
    } catch (err) {
      setError(toFormError(t, err, { knows: (p) => p === '/email' }))
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  if (sentTo !== null) {
    return (
      <section className="card narrow auth" aria-labelledby="forgot-done-title">
        <h1 id="forgot-done-title" ref={doneRef} tabIndex={-1}>
          {t('account.forgot.checkMail')}
        </h1>
        <p>{t('account.forgot.sent', { email: sentTo })}</p>
        <p className="muted">{t('account.forgot.sentHint')}</p>
        <p className="auth-switch">
          <Link to="/signin">{t('account.forgot.backToSignIn')}</Link>
        </p>
      </section>
    )
  }

  const fe = error?.fields ?? {}
  return (
    <section className="card narrow auth" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t('account.forgot.title')}</h1>
      <p className="muted">{t('account.forgot.intro')}</p>
      <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormAlert error={error} />
        <TextField
          id="forgot-email"
          type="email"
          label={t('fields.email')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="username"
          maxLength={LIMITS.emailLength}
          required
          error={fe['/email']}
        />
        <button type="submit" className="button button-primary button-block" aria-disabled={busy}>
          {busy ? t('account.forgot.submitting') : t('account.forgot.submit')}
        </button>
      </form>
      <p className="auth-switch">
        <Link to="/signin">{t('account.forgot.backToSignIn')}</Link>
      </p>
    </section>
  )
}
