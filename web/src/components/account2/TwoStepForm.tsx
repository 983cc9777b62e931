import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { TotpEnrolment } from '../../../../shared/src/api/index.js'
import { LIMITS, TOTP } from '../../../../shared/src/api/limits.js'
import { account2Api, normaliseCode } from '../../api/account2.js'
import { errorMessage, toFormError, type FormError } from '../../lib/problem.js'
import { TextField } from '../Field.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'

type State =
  | { kind: 'loading' }
  | { kind: 'off' }
  | { kind: 'enrolling'; enrolment: TotpEnrolment; qr: string | null }
  | { kind: 'codes'; codes: string[] }
  | { kind: 'on' }
  | { kind: 'failed'; message: string }

/** An SVG QR code of the otpauth URL as a data: URL (the CSP allows data: images). */
async function qrOf(text: string): Promise<string | null> {
  try {
    const QRCode = (await import('qrcode')).default
    const svg = await QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
  } catch {
    return null
  }
}

/** Settings → Two-step sign-in: set up with an authenticator app (QR code or the secret), recovery codes once, turn off. */
export function TwoStepForm() {
  const { t } = useTranslation()
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [code, setCode] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<FormError | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    account2Api.totpStatus().then(
      (s) => live && setState({ kind: s.enabled ? 'on' : 'off' }),
      (err: unknown) => live && setState({ kind: 'failed', message: errorMessage(t, err) }),
    )
    return () => {
      live = false
    }
  }, [])

  const codeMessages = { bad_code: t('account2.totp.badCode'), too_many_attempts: t('account2.totp.tooMany'), bad_credentials: t('account2.totp.badPassword') }

  async function guarded(work: () => Promise<void>) {
    if (busy) return
    setBusy(true)
    setError(null)
    setStatus(null)
    try {
      await work()
    } catch (err) {
      setError(toFormError(t, err, { knows: (p) => p === '/code' || p === '/password', codeMessages, codeFields: { bad_code: '/code', bad_credentials: '/password' } }))
      document.getElementById(state.kind === 'on' ? 'totp-off-password' : 'totp-code')?.focus()
    } finally {
      setBusy(false)
    }
  }

  const start = () =>
    guarded(async () => {
      const enrolment = await account2Api.startTotp()
      setCode('')
      setState({ kind: 'enrolling', enrolment, qr: await qrOf(enrolment.otpauthUrl) })
      setTimeout(() => document.getElementById('totp-code')?.focus())
    })

  const confirm = (e: FormEvent) => {
    e.preventDefault()
    void guarded(async () => {
      const { recoveryCodes } = await account2Api.confirmTotp(normaliseCode(code))
      setCode('')
      setState({ kind: 'codes', codes: recoveryCodes })
      setTimeout(() => document.getElementById('totp-codes-title')?.focus())
    })
  }

  const turnOff = (e: FormEvent) => {
    e.preventDefault()
    void guarded(async () => {
      await account2Api.disableTotp(password, normaliseCode(code))
      setCode('')
      setPassword('')
      setState({ kind: 'off' })
      setStatus(t('account2.totp.turnedOff'))
    })
  }

  const fe = error?.fields ?? {}
  return (
    <section className="card" aria-labelledby="totp-title">
      <h2 id="totp-title">{t('account2.totp.title')}</h2>
      {state.kind === 'loading' && <p className="muted">{t('account2.loading')}</p>}
      {state.kind === 'failed' && <p role="alert">{state.message}</p>}
      {state.kind === 'off' && (
        <>
          <p className="muted">{t('account2.totp.introOff')}</p>
          <FormAlert error={error} />
          <div className="save-row">
            <button type="button" className="button button-primary" aria-disabled={busy} onClick={() => void start()}>
              {t('account2.totp.start')}
            </button>
            <StatusMessage message={status} className="status-success" />
          </div>
        </>
      )}
      {state.kind === 'enrolling' && (
        <form onSubmit={confirm} noValidate>
          <p>{t('account2.totp.scan')}</p>
          {state.qr && <img className="totp-qr" src={state.qr} alt={t('account2.totp.qrAlt')} width={192} height={192} />}
          <p className="muted">{t('account2.totp.orType')}</p>
          <p className="totp-secret" data-testid="totp-secret">{state.enrolment.secret}</p>
          <FormAlert error={error} />
          <TextField id="totp-code" label={t('account2.totp.codeLabel')} value={code} inputMode="numeric" autoComplete="one-time-code" maxLength={TOTP.digits} required
            hint={t('account2.totp.codeHint', { digits: TOTP.digits })} onChange={(e) => setCode(e.target.value)} error={fe['/code']} />
          <div className="save-row">
            <button type="submit" className="button button-primary" aria-disabled={busy}>
              {busy ? t('account2.saving') : t('account2.totp.confirm')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => { setState({ kind: 'off' }); setError(null) }}>
              {t('account2.totp.cancel')}
            </button>
          </div>
        </form>
      )}
      {state.kind === 'codes' && (
        <>
          <h3 id="totp-codes-title" tabIndex={-1}>{t('account2.totp.codesTitle')}</h3>
          <p>{t('account2.totp.codesIntro', { count: state.codes.length })}</p>
          <ul className="recovery-codes" aria-labelledby="totp-codes-title">
            {state.codes.map((c) => <li key={c}>{c}</li>)}
          </ul>
          <button type="button" className="button button-primary" onClick={() => setState({ kind: 'on' })}>
            {t('account2.totp.codesDone')}
          </button>
        </>
      )}
      {state.kind === 'on' && (
        <form onSubmit={turnOff} noValidate>
          <p className="status-success">{t('account2.totp.on')}</p>
          <p className="muted">{t('account2.totp.offIntro')}</p>
          <FormAlert error={error} />
          <TextField id="totp-off-password" type="password" label={t('account2.totp.passwordLabel')} value={password} autoComplete="current-password"
            maxLength={LIMITS.passwordMaxLength} required onChange={(e) => setPassword(e.target.value)} error={fe['/password']} />
          <TextField id="totp-code" label={t('account2.totp.codeOrRecoveryLabel')} value={code} autoComplete="one-time-code" maxLength={11} required
            onChange={(e) => setCode(e.target.value)} error={fe['/code']} />
          <button type="submit" className="button button-secondary" aria-disabled={busy}>
            {busy ? t('account2.saving') : t('account2.totp.turnOff')}
          </button>
        </form>
      )}
    </section>
  )
}
