import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, useNavigate } from 'react-router-dom'
import { LIMITS } from '../../../shared/src/api/limits.js'
import { api } from '../api/client.js'
import { TextField } from '../components/Field.js'
import { FormAlert } from '../components/FormAlert.js'
import { currentLanguage } from '../i18n/index.js'
import { clientFormError, focusFirstInvalid, toFormError, type FieldErrors, type FormError } from '../lib/problem.js'
import { usePageTitle } from '../lib/use-page-title.js'
import { looksLikeEmail } from '../lib/validation.js'
import { useSession } from '../session/session-context.js'

const FIELDS = new Set(['/name', '/email', '/password'])

export default function SignUp() {
  const { t } = useTranslation()
  const session = useSession()
  const navigate = useNavigate()
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const succeeded = useRef(false)
  usePageTitle(t('signUp.title'))

  if (session.status === 'signedIn' && !succeeded.current) return <Navigate to="/" replace />

  function validate(): FieldErrors {
    const f: FieldErrors = {}
    if (!name.trim()) f['/name'] = t('validation.required')
    if (!email.trim()) f['/email'] = t('validation.required')
    else if (!looksLikeEmail(email)) f['/email'] = t('validation.email')
    if (password.length < LIMITS.passwordMinLength) f['/password'] = t('validation.passwordLength', { min: LIMITS.passwordMinLength })
    return f
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const invalid = clientFormError(t, validate())
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    setBusy(true)
    try {
      await api.createAccount({ name: name.trim(), email: email.trim(), password, language: currentLanguage() })
      succeeded.current = true
      await session.afterSignIn()
      navigate('/welcome')
    } catch (err) {
      const fe = toFormError(t, err, {
        knows: (p) => FIELDS.has(p),
        codeFields: { email_taken: '/email', weak_password: '/password' },
      })
      setError(fe)
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  const fe = error?.fields ?? {}
  return (
    <section className="card narrow auth" aria-labelledby="signup-title">
      <h1 id="signup-title">{t('signUp.title')}</h1>
      <p className="muted">{t('signUp.intro')}</p>
      <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormAlert error={error} />
        <TextField
          id="signup-name"
          label={t('fields.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="name"
          maxLength={LIMITS.nameLength}
          required
          error={fe['/name']}
        />
        <TextField
          id="signup-email"
          type="email"
          label={t('fields.email')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="email"
          maxLength={LIMITS.emailLength}
          required
          error={fe['/email']}
        />
        <TextField
          id="signup-password"
          type="password"
          label={t('fields.password')}
          hint={t('fields.passwordHint', { min: LIMITS.passwordMinLength })}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          minLength={LIMITS.passwordMinLength}
          maxLength={LIMITS.passwordMaxLength}
          required
          error={fe['/password']}
        />
        <button type="submit" className="button button-primary button-block" aria-disabled={busy}>
          {busy ? t('signUp.submitting') : t('signUp.submit')}
        </button>
      </form>
      <p className="auth-switch">
        {t('signUp.haveAccount')} <Link to="/signin">{t('signUp.signInLink')}</Link>
      </p>
    </section>
  )
}
