import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate } from 'react-router-dom'
import { LIMITS } from '../../../shared/src/api/limits.js'
import { accountApi } from '../api/account.js'
import { isApiError } from '../api/client.js'
import { TextField } from '../components/Field.js'
import { FormAlert } from '../components/FormAlert.js'
import { clientFormError, focusFirstInvalid, toFormError, type FieldErrors, type FormError } from '../lib/problem.js'
import { usePageTitle } from '../lib/use-page-title.js'
import { useSession } from '../session/session-context.js'

/**
 * The page the mailed link opens: /reset-password?token=…. The token leaves the address bar at
 * once (replaced in the history, kept in the history entry's state so a reload still works), so
 * it is not left in the history list, a bookmark or a shared screenshot.
 */
/** Where a finished reset goes: the sign-in page, which says the password was changed. */
export const RESET_DONE = '/signin?reset=done'

export default function ResetPassword() {
  const { t } = useTranslation()
  const location = useLocation()
  const navigate = useNavigate()
  const session = useSession()
  const fromUrl = new URLSearchParams(location.search).get('token')
  const fromState = (location.state as { resetToken?: unknown } | null)?.resetToken
  const [token] = useState(() => fromUrl ?? (typeof fromState === 'string' ? fromState : null))
  const [password, setPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [error, setError] = useState<FormError | null>(null)
  const [dead, setDead] = useState(false)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  usePageTitle(t('account.reset.title'))

  useEffect(() => {
    if (fromUrl) navigate('/reset-password', { replace: true, state: { resetToken: fromUrl } })
  }, [fromUrl, navigate])

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy || !token) return
    const f: FieldErrors = {}
    if (password.length < LIMITS.passwordMinLength) f['/password'] = t('validation.passwordLength', { min: LIMITS.passwordMinLength })
    if (confirm !== password) f['/confirm'] = t('validation.passwordMismatch')
    const invalid = clientFormError(t, f)
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    setBusy(true)
    try {
      await accountApi.confirmPasswordReset({ token, password })
      // Every session ended on the server, this browser's too: a signed-in tab reloads signed out.
      if (session.status === 'signedIn') session.leave(RESET_DONE)
      else navigate(RESET_DONE, { replace: true })
    } catch (err) {
      if (isApiError(err) && err.code === 'bad_reset_token') setDead(true)
      else {
        setError(toFormError(t, err, { knows: (p) => p === '/password', codeFields: { weak_password: '/password' } }))
        focusFirstInvalid(formRef.current)
      }
    } finally {
      setBusy(false)
    }
  }

  if (!token || dead) {
    return (
      <section className="card narrow auth" aria-labelledby="reset-title">
        <h1 id="reset-title">{t('account.reset.title')}</h1>
        <div role="alert" className="alert alert-error">
          <p>{t('account.reset.badLink')}</p>
        </div>
        <Link className="button button-primary button-block" to="/forgot-password">
          {t('account.reset.askAgain')}
        </Link>
      </section>
    )
  }

  const fe = error?.fields ?? {}
  return (
    <section className="card narrow auth" aria-labelledby="reset-title">
      <h1 id="reset-title">{t('account.reset.title')}</h1>
      <p className="muted">{t('account.reset.intro')}</p>
      <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormAlert error={error} />
        <TextField id="reset-password" type="password" label={t('account.reset.password')} value={password}
          hint={t('fields.passwordHint', { min: LIMITS.passwordMinLength })} autoComplete="new-password"
          minLength={LIMITS.passwordMinLength} maxLength={LIMITS.passwordMaxLength} required
          onChange={(e) => setPassword(e.target.value)} error={fe['/password']} />
        <TextField id="reset-confirm" type="password" label={t('account.reset.confirm')} value={confirm}
          autoComplete="new-password" maxLength={LIMITS.passwordMaxLength} required
          onChange={(e) => setConfirm(e.target.value)} error={fe['/confirm']} />
        <button type="submit" className="button button-primary button-block" aria-disabled={busy}>
          {busy ? t('account.reset.submitting') : t('account.reset.submit')}
        </button>
      </form>
    </section>
  )
}
