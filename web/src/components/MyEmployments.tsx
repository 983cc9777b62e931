import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { MyEmployment } from '../../../shared/src/api/index.js'
import { api } from '../api/client.js'
import { jobsApi } from '../api/jobs.js'
import { formatDay } from '../lib/dates.js'
import { errorMessage } from '../lib/problem.js'
import { useSession } from '../session/session-context.js'
import { ConfirmBox } from './ConfirmBox.js'
import { StatusMessage } from './FormAlert.js'

function EmploymentItem({ e, onResult }: { e: MyEmployment; onResult: (ok: string | null, error: string | null) => void }) {
  const { t, i18n } = useTranslation()
  const session = useSession()
  const lang = i18n.resolvedLanguage ?? 'en'
  const [show, setShow] = useState(e.showOnProfile)
  const [referrals, setReferrals] = useState(e.acceptsReferrals)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const leaveRef = useRef<HTMLButtonElement>(null)
  const current = e.status === 'current'

  useEffect(() => setShow(e.showOnProfile), [e.showOnProfile])
  useEffect(() => setReferrals(e.acceptsReferrals), [e.acceptsReferrals])

  async function toggle(next: boolean) {
    setShow(next) // optimistic; put back if the server says no
    try {
      await api.setShowOnProfile(e.id, next)
      onResult(t(next ? 'employments.shown' : 'employments.hidden', { company: e.company.name }), null)
      void session.refreshMe()
    } catch (err) {
      setShow(!next)
      onResult(null, errorMessage(t, err))
    }
  }

  async function toggleReferrals(next: boolean) {
    setReferrals(next) // optimistic, like the profile toggle
    try {
      await jobsApi.setAcceptsReferrals(e.id, next)
      onResult(t(next ? 'employments.referralsOn' : 'employments.referralsOff', { company: e.company.name }), null)
      void session.refreshMe()
    } catch (err) {
      setReferrals(!next)
      onResult(null, errorMessage(t, err))
    }
  }

  async function leave() {
    if (busy) return
    setBusy(true)
    try {
      await api.leaveEmployment(e.id)
      onResult(t('employments.left', { company: e.company.name }), null)
      await session.refreshMe()
      // The button is gone now; keep the keyboard user in this item.
      requestAnimationFrame(() => document.getElementById(`${idBase}-show`)?.focus())
    } catch (err) {
      onResult(null, errorMessage(t, err))
    } finally {
      setBusy(false)
      setConfirming(false)
    }
  }

  const idBase = `employment-${e.id}`
  return (
    <li className="employment">
      <p className="item-title">
        <Link to={`/companies/${e.company.slug}`} className="item-name">{e.company.name}</Link>
        <span className={current ? 'badge badge-verified' : 'badge badge-former'}>
          {current ? t('employments.current') : t('employments.former')}
        </span>
      </p>
      <p className="muted small">
        {t(e.method === 'email' ? 'employments.byEmail' : 'employments.byBadge', { date: formatDay(e.verifiedAt, lang) })}
        {current && <> · {t('employments.expires', { date: formatDay(e.expiresOn, lang) })}</>}
      </p>
      {e.waitingFor && <p className="hint">{t('employments.waitingFor', { company: e.company.name, other: e.waitingFor.name })}</p>}
      <div className="checkbox">
        <input id={`${idBase}-show`} type="checkbox" checked={show} onChange={(ev) => void toggle(ev.target.checked)} />
        <label htmlFor={`${idBase}-show`}>
          {t('employments.showOnProfile')}
          <span className="visually-hidden"> – {e.company.name}</span>
        </label>
      </div>
      {current && (
        <div className="checkbox">
          <input id={`${idBase}-referrals`} type="checkbox" checked={referrals} onChange={(ev) => void toggleReferrals(ev.target.checked)} />
          <label htmlFor={`${idBase}-referrals`}>{t('employments.acceptsReferrals', { company: e.company.name })}</label>
        </div>
      )}
      {current && !confirming && (
        <button ref={leaveRef} type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
          {t('employments.leave')}
          <span className="visually-hidden"> – {e.company.name}</span>
        </button>
      )}
      {current && confirming && (
        <ConfirmBox id={idBase} question={t('employments.leaveQuestion', { company: e.company.name })}
          confirmLabel={t('employments.leaveConfirm')} busyLabel={t('employments.leaving')} busy={busy}
          cancelLabel={t('employments.cancel')} onCancel={() => { setConfirming(false); requestAnimationFrame(() => leaveRef.current?.focus()) }}
          onConfirm={() => void leave()} />
      )}
    </li>
  )
}

/** The signed-in member's verified workplaces, with the profile toggle and "I left". */
export function MyEmployments({ hideWhenEmpty = false }: { hideWhenEmpty?: boolean }) {
  const { t } = useTranslation()
  const { me } = useSession()
  const [ok, setOk] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  if (!me || (hideWhenEmpty && me.employments.length === 0)) return null
  return (
    <section className="card" aria-labelledby="employments-title">
      <h2 id="employments-title">{t('employments.title')}</h2>
      {me.employments.length === 0 ? (
        <p>
          {t('employments.none')} <Link to="/verify">{t('employments.verifyLink')}</Link>
        </p>
      ) : (
        <>
          <p className="muted">{t('employments.intro')}</p>
          {error && (
            <div role="alert" className="alert alert-error">
              <p>{error}</p>
            </div>
          )}
          <ul className="item-list">
            {me.employments.map((e) => (
              <EmploymentItem key={e.id} e={e} onResult={(s, err) => { setOk(s); setError(err) }} />
            ))}
          </ul>
        </>
      )}
      <StatusMessage message={ok} className="status-success" />
    </section>
  )
}
