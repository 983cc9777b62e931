import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { MySubmission } from '../../../../shared/src/api/index.js'
import { BADGE } from '../../../../shared/src/api/limits.js'
import { api, photoUrl } from '../../api/client.js'
import { formatDateTime, formatDay } from '../../lib/dates.js'
import { errorMessage } from '../../lib/problem.js'
import { RetryAlert } from '../LoadFailed.js'

type State = { kind: 'loading' } | { kind: 'ok'; submissions: MySubmission[] } | { kind: 'error'; message: string }

const STATUS_CLASS: Record<MySubmission['status'], string> = {
  pending: 'badge badge-pending',
  approved: 'badge badge-verified',
  rejected: 'badge badge-rejected',
  expired: 'badge badge-former',
}

function Outcome({ s }: { s: MySubmission }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const on = s.decidedOn ? formatDay(s.decidedOn, lang) : null
  if (s.status === 'approved') {
    return (
      <p>
        {on ? t('verify.submissions.approvedOn', { date: on }) : null}{' '}
        {s.companySlug && <Link to={`/companies/${s.companySlug}`}>{t('verify.submissions.companyLink', { company: s.companyName })}</Link>}
      </p>
    )
  }
  if (s.status === 'rejected') {
    return (
      <p>
        {on && <span>{t('verify.submissions.rejectedOn', { date: on })} </span>}
        {s.reason && <span className="reason">{t('verify.submissions.reason', { reason: s.reason })}</span>}
      </p>
    )
  }
  if (s.status === 'expired') return <p className="muted">{t('verify.submissions.expiredBody', { days: BADGE.keepDays })}</p>
  return <p className="muted">{t('verify.submissions.pendingBody')}</p>
}

/** My badge photos and what became of them. `version` changes when a new one was sent. */
export function BadgeSubmissions({ version }: { version: number }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let live = true
    api.mySubmissions().then(
      ({ submissions }) => live && setState({ kind: 'ok', submissions }),
      (err: unknown) => live && setState({ kind: 'error', message: errorMessage(t, err) }),
    )
    return () => {
      live = false
    }
  }, [version, attempt])

  // A reviewer may have decided meanwhile: look again when the member comes back to this tab.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') setAttempt((a) => a + 1)
    }
    document.addEventListener('visibilitychange', onVisible)
    return () => document.removeEventListener('visibilitychange', onVisible)
  }, [])

  return (
    <section className="submissions" aria-labelledby="submissions-title">
      <h3 id="submissions-title">{t('verify.submissions.title')}</h3>
      <p className="muted">{t('verify.submissions.note', { days: BADGE.keepDays })}</p>
      {state.kind === 'loading' && <p className="muted">{t('a11y.loading')}</p>}
      {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.kind === 'ok' && state.submissions.length === 0 && <p>{t('verify.submissions.none')}</p>}
      {state.kind === 'ok' && state.submissions.length > 0 && (
        <ul className="item-list">
          {state.submissions.map((s) => (
            <li key={s.id} className="submission">
              {s.status === 'pending' && s.hasPhoto && (
                <img className="thumb" src={photoUrl.own(s.id)} alt={t('verify.submissions.photoAlt', { company: s.companyName })} />
              )}
              <div className="submission-body">
                <p className="item-title">
                  <span className="item-name">{s.companyName}</span>
                  <span className={STATUS_CLASS[s.status]}>{t(`verify.submissions.status.${s.status}`)}</span>
                </p>
                <p className="muted small">{t('verify.submissions.sentOn', { date: formatDateTime(s.submittedAt, lang) })}</p>
                <Outcome s={s} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
