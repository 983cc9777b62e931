import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { EMAIL_VERIFICATION, LIMITS } from '../../../../shared/src/api/limits.js'
import { api, isApiError, type ApiError } from '../../api/client.js'
import { formatSeconds, useCountdown } from '../../lib/use-countdown.js'
import { clientFormError, toFormError, type FormError } from '../../lib/problem.js'
import { looksLikeEmail } from '../../lib/validation.js'
import { useSession } from '../../session/session-context.js'
import { TextField } from '../Field.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'
import { PrivacyNote } from '../PrivacyNote.js'

type Step =
  | { kind: 'address' }
  | { kind: 'code'; verificationId: string; email: string }
  | { kind: 'done'; company: { slug: string; name: string } }

const ADDRESS_CODES = { free_email_domain: '/email', disposable_email_domain: '/email', bad_email_domain: '/email', email_in_use: '/email' }
const CODE_MINUTES = Math.round(EMAIL_VERIFICATION.codeLifetimeMs / 60_000)

/** Why a code failed; for all but `wrong`, this verification is dead and only a new code helps. */
type BadCodeReason = 'wrong' | 'expired' | 'used' | 'exhausted'
const DEAD_REASONS: readonly string[] = ['expired', 'used', 'exhausted'] satisfies BadCodeReason[]

/** The translated message for a 400 bad_code, from its `reason` and `triesLeft` (never the English detail). */
function badCodeMessage(t: TFunction, err: ApiError): string {
  const { reason, triesLeft } = err.problem
  if (reason === 'wrong' && typeof triesLeft === 'number') return t('verify.email.badCode.wrong', { count: triesLeft })
  if (reason === 'expired' || reason === 'used' || reason === 'exhausted') {
    return t(`verify.email.badCode.${reason}`, { button: t('verify.email.resend') })
  }
  return t('errors.bad_code')
}

/** Work e-mail: address → 6-digit code from the mail → verified. */
export function EmailVerification() {
  const { t } = useTranslation()
  const session = useSession()
  const [step, setStep] = useState<Step>({ kind: 'address' })
  const [email, setEmail] = useState('')
  const [code, setCode] = useState('')
  const [error, setError] = useState<FormError | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [retryUntil, setRetryUntil] = useState<number | null>(null)
  /** The code can no longer work (expired, used, too many tries): "Resend code" is the way on. */
  const [dead, setDead] = useState(false)
  const wait = useCountdown(retryUntil)
  const doneRef = useRef<HTMLHeadingElement>(null)

  // Move focus to whatever the new step asks for next.
  useEffect(() => {
    if (step.kind === 'code') document.getElementById('verify-code')?.focus()
    if (step.kind === 'done') doneRef.current?.focus()
  }, [step])

  /** Asks for a code; used both for the first request and for "Resend code". */
  async function send(address: string, resend: boolean) {
    setBusy(true)
    setNotice(null)
    try {
      const { verificationId } = await api.startEmailVerification(address)
      setError(null)
      setDead(false)
      setCode('')
      setRetryUntil(null)
      setStep({ kind: 'code', verificationId, email: address })
      if (resend) {
        setNotice(t('verify.email.resent', { email: address }))
        document.getElementById('verify-code')?.focus()
      }
    } catch (err) {
      if (isApiError(err) && err.code === 'rate_limited' && err.retryAfter) setRetryUntil(Date.now() + err.retryAfter * 1000)
      setError(toFormError(t, err, {
        knows: (p) => p === '/email' && !resend,
        codeFields: resend ? {} : ADDRESS_CODES,
        codeMessages: { rate_limited: t(resend ? 'verify.email.limitResend' : 'verify.email.limit', { count: EMAIL_VERIFICATION.requestsPerWindow }) },
      }))
      if (!resend) document.getElementById('verify-email')?.focus()
    } finally {
      setBusy(false)
    }
  }

  async function onSendCode(e: FormEvent) {
    e.preventDefault()
    if (busy || wait > 0) return
    const address = email.trim()
    const invalid = clientFormError(t, !address ? { '/email': t('validation.required') } : looksLikeEmail(address) ? {} : { '/email': t('validation.email') })
    setError(invalid)
    if (invalid) return document.getElementById('verify-email')?.focus()
    await send(address, false)
  }

  async function onConfirm(e: FormEvent) {
    e.preventDefault()
    if (busy || step.kind !== 'code') return
    setNotice(null)
    const invalid = clientFormError(t, /^\d{6}$/.test(code) ? {} : { '/code': t('verify.email.codeFormat') })
    setError(invalid)
    if (invalid) return document.getElementById('verify-code')?.focus()
    setBusy(true)
    try {
      const { company } = await api.confirmEmailVerification(step.verificationId, code)
      setError(null)
      setStep({ kind: 'done', company })
      void session.refreshMe()
    } catch (err) {
      const badCode = isApiError(err) && err.code === 'bad_code' ? err : null
      const isDead = badCode !== null && DEAD_REASONS.includes(badCode.problem.reason ?? '')
      setDead(isDead)
      setError(toFormError(t, err, {
        knows: (p) => p === '/code',
        // A dead code is not the input's fault: the summary says what to do, the input stays valid.
        codeFields: isDead ? { not_found: '/code' } : { bad_code: '/code', not_found: '/code' },
        codeMessages: { not_found: t('verify.email.lapsed'), ...(badCode && { bad_code: badCodeMessage(t, badCode) }) },
      }))
      document.getElementById(isDead ? 'verify-resend' : 'verify-code')?.focus()
    } finally {
      setBusy(false)
    }
  }

  function restart() {
    setStep({ kind: 'address' })
    setCode('')
    setError(null)
    setDead(false)
    setNotice(null)
    requestAnimationFrame(() => document.getElementById('verify-email')?.focus())
  }

  const waitNote = wait > 0 && <p className="hint wait-note">{t('verify.email.waitFor', { time: formatSeconds(wait) })}</p>

  if (step.kind === 'done') {
    return (
      <div className="verify-done">
        <h3 ref={doneRef} tabIndex={-1} className="success-title">
          <span aria-hidden="true">✓ </span>
          {t('verify.email.done', { company: step.company.name })}
        </h3>
        <p>{t('verify.email.doneBody')}</p>
        <div className="actions">
          <Link to={`/companies/${step.company.slug}`} className="button button-primary">
            {t('verify.email.companyLink', { company: step.company.name })}
          </Link>
          <button type="button" className="button button-secondary" onClick={restart}>
            {t('verify.email.another')}
          </button>
        </div>
      </div>
    )
  }

  if (step.kind === 'code') {
    return (
      <form onSubmit={(e) => void onConfirm(e)} noValidate>
        <p>{t('verify.email.sent', { email: step.email, minutes: CODE_MINUTES })}</p>
        <FormAlert error={error} id="verify-code-alert" />
        <TextField id="verify-code" label={t('verify.email.code')} value={code} inputMode="numeric" autoComplete="one-time-code"
          pattern="[0-9]*" maxLength={6} required className="code-field" hint={t('verify.email.codeHint')}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))} error={error?.fields['/code']} />
        <div className="save-row">
          <button type="submit" className={dead ? 'button button-secondary' : 'button button-primary'} aria-disabled={busy}>
            {busy ? t('verify.email.checking') : t('verify.email.confirm')}
          </button>
          {/* Once the code is dead, "Resend code" becomes the main action and takes the focus. */}
          <button id="verify-resend" type="button" className={dead ? 'button button-primary' : 'button button-secondary'}
            aria-disabled={busy || wait > 0} aria-describedby={dead && error ? 'verify-code-alert' : undefined}
            onClick={() => { if (!busy && wait === 0) void send(step.email, true) }}>
            {t('verify.email.resend')}
          </button>
          <button type="button" className="button button-quiet" onClick={restart}>
            {t('verify.email.otherAddress')}
          </button>
        </div>
        {waitNote}
        <StatusMessage message={notice} className="status-success" />
      </form>
    )
  }

  return (
    <form onSubmit={(e) => void onSendCode(e)} noValidate>
      <p>{t('verify.email.intro')}</p>
      <FormAlert error={error} />
      <TextField id="verify-email" type="email" label={t('verify.email.address')} value={email} autoComplete="email"
        maxLength={LIMITS.emailLength} required hint={t('verify.email.addressHint')}
        onChange={(e) => setEmail(e.target.value)} error={error?.fields['/email']} />
      <PrivacyNote>{t('verify.email.privacy')}</PrivacyNote>
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy || wait > 0}>
          {busy ? t('verify.email.sending') : t('verify.email.send')}
        </button>
      </div>
      {waitNote}
    </form>
  )
}
