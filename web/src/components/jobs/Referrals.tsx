import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { Job } from '../../../../shared/src/api/jobs.js'
import { JOBS } from '../../../../shared/src/api/limits.js'
import { jobsApi, type Referrers } from '../../api/jobs.js'
import { TextArea } from '../Field.js'
import { jobsErrorMessage } from './job-format.js'

type Referrer = Referrers['referrers'][number]

function AskForm({ job, referrer, onAsked, onCancel }: { job: Job; referrer: Referrer; onAsked(conversationId: string): void; onCancel(): void }) {
  const { t } = useTranslation()
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const id = `referral-${referrer.handle}`
  const areaRef = useRef<HTMLDivElement>(null)
  useEffect(() => areaRef.current?.querySelector('textarea')?.focus(), [])

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    if (!note.trim()) {
      setError(t('jobs.referrals.noteNeeded'))
      return areaRef.current?.querySelector('textarea')?.focus()
    }
    setBusy(true)
    setError(null)
    try {
      const { conversationId } = await jobsApi.askReferral(job.id, referrer.handle, note.trim())
      onAsked(conversationId)
    } catch (err) {
      setError(jobsErrorMessage(t, err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="referral-form" noValidate onSubmit={(e) => void submit(e)} aria-label={t('jobs.referrals.formLabel', { name: referrer.name })}>
      <div ref={areaRef}>
        <TextArea id={`${id}-note`} label={t('jobs.referrals.note', { name: referrer.name })} value={note} maxLength={JOBS.referralNoteLength} rows={4}
          hint={t('jobs.referrals.noteHint')} onChange={(e) => setNote(e.target.value)} error={error ?? undefined} />
      </div>
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>{busy ? t('jobs.referrals.sending') : t('jobs.referrals.send')}</button>
        <button type="button" className="button button-secondary" onClick={onCancel}>{t('jobs.referrals.cancel')}</button>
      </div>
    </form>
  )
}

/**
 * Referrals: current employees of the job's company who opted in, each with "Ask for a referral"
 * (a note, sent as a real-name message). Once asked: "Asked", and a link to the conversation.
 */
export function Referrals({ job }: { job: Job }) {
  const { t } = useTranslation()
  const [list, setList] = useState<Referrers | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  const [asking, setAsking] = useState<string | null>(null)
  const [conversations, setConversations] = useState<Record<string, string>>({})
  const askRefs = useRef<Record<string, HTMLButtonElement | null>>({})

  useEffect(() => {
    let live = true
    jobsApi.referrers(job.id).then(
      (r) => live && setList(r),
      (err: unknown) => live && setFailed(jobsErrorMessage(t, err)),
    )
    return () => {
      live = false
    }
  }, [job.id])

  if (failed) return <p role="alert" className="alert alert-error">{failed}</p>
  if (!list) return null
  const asked = new Set([...list.asked, ...Object.keys(conversations)].map((h) => h.toLowerCase()))
  const full = asked.size >= JOBS.referralsPerJob
  return (
    <section className="card" aria-labelledby="referrals-title">
      <h2 id="referrals-title">{t('jobs.referrals.title')}</h2>
      {list.referrers.length === 0 ? (
        <p className="muted">{t('jobs.referrals.none', { company: job.company.name })}</p>
      ) : (
        <>
          <p className="muted small">{t('jobs.referrals.intro', { company: job.company.name, max: JOBS.referralsPerJob })}</p>
          <ul className="item-list">
            {list.referrers.map((r) => {
              const wasAsked = asked.has(r.handle.toLowerCase())
              const conversation = conversations[r.handle]
              return (
                <li key={r.handle} className="referrer">
                  <p className="item-title">
                    <Link to={`/in/${r.handle}`} className="item-name">{r.name}</Link>
                    {wasAsked && <span className="badge badge-verified">{t('jobs.referrals.asked')}</span>}
                  </p>
                  {r.headline && <p className="muted small">{r.headline}</p>}
                  {wasAsked && conversation && (
                    <p><Link to={`/messages/${conversation}`}>{t('jobs.referrals.openConversation', { name: r.name })}</Link></p>
                  )}
                  {!wasAsked && asking !== r.handle && !full && job.open && (
                    <button ref={(el) => { askRefs.current[r.handle] = el }} type="button" className="button button-secondary" onClick={() => setAsking(r.handle)}>
                      {t('jobs.referrals.ask')}
                      <span className="visually-hidden"> – {r.name}</span>
                    </button>
                  )}
                  {asking === r.handle && (
                    <AskForm job={job} referrer={r}
                      onAsked={(c) => { setConversations((m) => ({ ...m, [r.handle]: c })); setAsking(null) }}
                      onCancel={() => { setAsking(null); requestAnimationFrame(() => askRefs.current[r.handle]?.focus()) }} />
                  )}
                </li>
              )
            })}
          </ul>
          {full && <p className="muted small">{t('jobs.referrals.full', { max: JOBS.referralsPerJob })}</p>}
        </>
      )}
    </section>
  )
}
