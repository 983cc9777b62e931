import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { MODERATION } from '../../../../shared/src/api/limits.js'
import type { ModerationActionKind, QueueItem, TargetType } from '../../../../shared/src/api/moderation.js'
import { moderationApi } from '../../api/moderation.js'
import { errorMessage } from '../../lib/problem.js'
import { ACTION_REASONS, actionLabel, actionsFor, reasonLabel, targetLabel } from './reasons.js'

/** The reason most reports gave: the likely choice, preselected. */
function topReason(item: QueueItem): string {
  const [best] = Object.entries(item.reasons).sort((a, b) => b[1] - a[1])
  return best?.[0] ?? ACTION_REASONS[0]!
}

/** One item of the moderators' queue: what was reported and why, and the decision. */
export function QueueItemCard({ item, onDecided }: { item: QueueItem; onDecided(item: QueueItem, action: ModerationActionKind): void }) {
  const { t, i18n } = useTranslation()
  const id = useId()
  const actions = actionsFor(item.targetType)
  const [action, setAction] = useState<ModerationActionKind>(actions[0]!)
  const [reason, setReason] = useState(topReason(item))
  const [note, setNote] = useState('')
  const [days, setDays] = useState('7')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const reasons = ACTION_REASONS.includes(reason) ? ACTION_REASONS : [reason, ...ACTION_REASONS]
  const since = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(item.since))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    const n = Number(days)
    if (action === 'suspend' && !(Number.isInteger(n) && n >= 1 && n <= MODERATION.suspendMaxDays)) {
      setError(t('moderation.queue.daysInvalid', { max: MODERATION.suspendMaxDays }))
      return
    }
    setBusy(true)
    setError(null)
    try {
      await moderationApi.act({
        targetType: item.targetType as TargetType,
        targetId: item.targetId,
        action,
        reason,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(action === 'suspend' ? { days: n } : {}),
      })
      onDecided(item, action)
    } catch (err) {
      setError(errorMessage(t, err))
      setBusy(false)
    }
  }

  const titleId = `${id}-title`
  return (
    <li className={`card queue-item severity-${item.severity}`} aria-labelledby={titleId}>
      <header className="queue-item-head">
        <h2 id={titleId} className="queue-item-title">
          {targetLabel(t, item.targetType)}
          {item.state && <span className="badge queue-state">{t(`moderation.states.${item.state}`)}</span>}
        </h2>
        <p className="muted small">
          {t('moderation.queue.severity', { n: item.severity })} · {t('moderation.queue.reports', { count: item.reports })} · {t('moderation.queue.since', { date: since })}
        </p>
      </header>
      <blockquote className="queue-excerpt prewrap">{item.excerpt || t('moderation.queue.noExcerpt')}</blockquote>
      {item.link && (
        <p className="small">
          <Link to={item.link}>{t('moderation.queue.open')}</Link>
        </p>
      )}
      {Object.keys(item.reasons).length > 0 && (
        <ul className="queue-reasons" aria-label={t('moderation.queue.reasons')}>
          {Object.entries(item.reasons).map(([r, n]) => (
            <li key={r} className="badge">
              {reasonLabel(t, r)} × {n}
            </li>
          ))}
        </ul>
      )}
      {item.notes.length > 0 && (
        <section aria-label={t('moderation.queue.notes')}>
          <h3 className="small">{t('moderation.queue.notes')}</h3>
          <ul className="queue-notes">
            {item.notes.map((n, i) => (
              <li key={i} className="prewrap">
                {n}
              </li>
            ))}
          </ul>
        </section>
      )}
      {item.appeal && (
        <section className="queue-appeal" aria-label={t('moderation.queue.appeal')}>
          <h3 className="small">{t('moderation.queue.appeal')}</h3>
          <p className="prewrap">{item.appeal.body}</p>
        </section>
      )}
      <form className="queue-decide" onSubmit={(e) => void submit(e)} aria-label={t('moderation.queue.decide')}>
        <div className="queue-decide-row">
          <div className="field">
            <label htmlFor={`${id}-action`}>{t('moderation.queue.action')}</label>
            <select id={`${id}-action`} value={action} onChange={(e) => setAction(e.target.value as ModerationActionKind)}>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(t, a)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('moderation.queue.reason')}</label>
            <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)}>
              {reasons.map((r) => (
                <option key={r} value={r}>
                  {reasonLabel(t, r)}
                </option>
              ))}
            </select>
          </div>
          {action === 'suspend' && (
            <div className="field queue-days">
              <label htmlFor={`${id}-days`}>{t('moderation.queue.days')}</label>
              <input id={`${id}-days`} type="number" inputMode="numeric" min={1} max={MODERATION.suspendMaxDays} value={days} onChange={(e) => setDays(e.target.value)} />
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>
            {t('moderation.queue.note')} <span className="optional">({t('fields.optional')})</span>
          </label>
          <textarea id={`${id}-note`} rows={2} value={note} maxLength={MODERATION.actionNoteLength} onChange={(e) => setNote(e.target.value)} />
          <p className="hint">{t('moderation.queue.noteHint')}</p>
        </div>
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? t('moderation.queue.applying') : t('moderation.queue.apply', { action: actionLabel(t, action) })}
        </button>
      </form>
    </li>
  )
}
