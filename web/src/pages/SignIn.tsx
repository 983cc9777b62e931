import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom'
import { LIMITS } from '../../../shared/src/api/limits.js'
import { account2Api, normaliseCode } from '../api/account2.js'
import { api, isApiError } from '../api/client.js'
import { TextField } from '../components/Field.js'
import { FormAlert } from '../components/FormAlert.js'
import { safeNextPath } from '../lib/next-path.js'
import { isSharedDevice, markSharedDevice } from '../lib/shared-device.js'
import { clientFormError, focusFirstInvalid, toFormError, type FieldErrors, type FormError } from '../lib/problem.js'
import { usePageTitle } from '../lib/use-page-title.js'
import { useSession } from '../session/session-context.js'

const FIELDS = new Set(['/email', '/password'])

export default function SignIn() {
  const { t } = useTranslation()
  const session = useSession()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const next = params.get('next')
  const afterReset = params.get('reset') === 'done'
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [shared, setShared] = useState(isSharedDevice)
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState(false)
  // Set when the password was right and the account asks for a second factor.
  const [challenge, setChallenge] = useState<string | null>(null)
  const [code, setCode] = useState('')
  const formRef = useRef<HTMLFormElement>(null)
  // The code step replaces the form: its field takes the focus once it is there.
  useEffect(() => {
    if (challenge) document.getElementById('signin-code')?.focus()
  }, [challenge])
  const succeeded = useRef(false)
  usePageTitle(t('signIn.title'))

  if (session.status === 'signedIn' && !succeeded.current) return <Navigate to={safeNextPath(next)} replace />

  async function done() {
    markSharedDevice(shared)
    succeeded.current = true
    await session.afterSignIn()
    navigate(safeNextPath(next))
  }

  async function onSubmitCode(e: FormEvent) {
    e.preventDefault()
    if (busy || !challenge) return
    const invalid = clientFormError(t, code.trim() ? {} : { '/code': t('validation.required') })
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    setBusy(true)
    try {
      await account2Api.secondFactor(challenge, normaliseCode(code))
      await done()
    } catch (err) {
      if (isApiError(err) && err.code === 'bad_challenge') {
        setChallenge(null)
        setPassword('')
      }
      setError(toFormError(t, err, {
        knows: (p) => p === '/code',
        codeMessages: { bad_code: t('account2.signIn.badCode'), bad_challenge: t('account2.signIn.expired'), too_many_attempts: t('account2.totp.tooMany') },
        codeFields: { bad_code: '/code' },
      }))
      setCode('')
      document.getElementById(isApiError(err) && err.code === 'bad_challenge' ? 'signin-password' : 'signin-code')?.focus()
    } finally {
      setBusy(false)
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const f: FieldErrors = {}
    if (!email.trim()) f['/email'] = t('validation.required')
    if (!password) f['/password'] = t('validation.required')
    const invalid = clientFormError(t, f)
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    setBusy(true)
    try {
      await api.signIn({ email: email.trim(), password })
      await done()
    } catch (err) {
      if (isApiError(err) && err.code === 'second_factor_required' && err.problem.challenge) {
        setChallenge(err.problem.challenge)
        setError(null)
        return
      }
      setError(toFormError(t, err, { knows: (p) => FIELDS.has(p) }))
      setPassword('')
      // Nothing specific to mark: put the caret back in the password field to retry.
      document.getElementById('signin-password')?.focus()
    } finally {
      setBusy(false)
    }
  }

  const fe = error?.fields ?? {}
  return (
    <section className="card narrow auth" aria-labelledby="signin-title">
      <h1 id="signin-title">{t('signIn.title')}</h1>
      <p className="muted">{next ? t('signIn.needed') : t('signIn.intro')}</p>
      {afterReset && (
        <div role="status" className="status notice">
          {t('account.reset.done')}
        </div>
      )}
      {challenge ? (
        <form ref={formRef} onSubmit={(e) => void onSubmitCode(e)} noValidate aria-labelledby="signin-code-title">
          <h2 id="signin-code-title">{t('account2.signIn.title')}</h2>
          <p className="muted">{t('account2.signIn.intro')}</p>
          <FormAlert error={error} />
          <TextField id="signin-code" label={t('account2.signIn.codeLabel')} hint={t('account2.signIn.codeHint')} value={code}
            onChange={(e) => setCode(e.target.value)} autoComplete="one-time-code" maxLength={11} required error={error?.fields['/code']} />
          <button type="submit" className="button button-primary button-block" aria-disabled={busy}>
            {busy ? t('signIn.submitting') : t('account2.signIn.submit')}
          </button>
          <button type="button" className="button button-quiet button-block" onClick={() => { setChallenge(null); setPassword(''); setCode(''); setError(null) }}>
            {t('account2.signIn.back')}
          </button>
        </form>
      ) : (
      <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormAlert error={error} />
        <TextField
          id="signin-email"
          type="email"
          label={t('fields.email')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="username"
          maxLength={LIMITS.emailLength}
          required
          error={fe['/email']}
        />
        <TextField
          id="signin-password"
          type="password"
          label={t('fields.password')}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          maxLength={LIMITS.passwordMaxLength}
          required
          error={fe['/password']}
        />
        <div className="checkbox">
          <input id="signin-shared" type="checkbox" checked={shared} aria-describedby="signin-shared-hint" onChange={(e) => setShared(e.target.checked)} />
          <label htmlFor="signin-shared">{t('signIn.sharedDevice')}</label>
        </div>
        <p id="signin-shared-hint" className="hint">{t('signIn.sharedDeviceHint')}</p>
        <p className="forgot-link">
          <Link to="/forgot-password">{t('account.forgot.link')}</Link>
        </p>
        <button type="submit" className="button button-primary button-block" aria-disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      )}
      <p className="auth-switch">
        {t('signIn.noAccount')} <Link to="/signup">{t('signIn.signUpLink')}</Link>
      </p>
    </section>
  )
}
