import type { Static } from '@sinclair/typebox'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { PollView as PollShape } from '../../../../../shared/src/api/talk.js'
import { formatDateTime } from '../../../lib/dates.js'
import type { ReactionTarget } from '../../../talk/runtime.js'
import { useTalkRuntime, useTalkState } from '../../../talk/talk-context.js'
import { reactionError, refusalMessage } from './reaction-error.js'
import { latestReaction } from './reactions.js'

export type PollData = Static<typeof PollShape>

/**
 * A thread's poll. Answering is an anonymous write (DESIGN §4), final, one per pseudonym: the
 * server cannot know who answered, so the counts — public in the API — are shown only once this
 * browser answered, or the poll has closed; before that they would sway the answer. The member's
 * own answer shows at once, marked while it is on its way; the counts are the server's as last
 * read, so they include it once it is stored and the thread read again (not added here: whether
 * the last read had it already cannot be told for sure, and a count shown twice would be worse).
 */
export function PollView({ target, poll }: { target: ReactionTarget; poll: PollData }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const runtime = useTalkRuntime()
  const { answers, reactions, paused } = useTalkState()
  const threadId = target.threadId
  const [choice, setChoice] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const pollId = threadId
  const mine = runtime?.myAnswer(pollId) ?? null
  const pending = !!answers[pollId]?.pending
  const item = latestReaction(reactions, 'answer', pollId)
  const refused = item?.state === 'failed' && mine === null
  const closed = poll.closed || Date.parse(poll.closesAt) <= Date.now()
  const id = `poll-${threadId}`
  const when = formatDateTime(poll.closesAt, lang)

  async function answer(e: FormEvent) {
    e.preventDefault()
    if (!runtime || busy || closed) return
    if (choice === null) return setError(t('talk.thread.poll.pick'))
    setBusy(true)
    try {
      await runtime.answerPoll({ ...target, pollId, option: choice })
      setError(null)
    } catch (err) {
      setError(reactionError(t, err))
    } finally {
      setBusy(false)
    }
  }

  const head = (
    <header className="poll-head">
      <h2 id={`${id}-title`} className="poll-title">{t('talk.thread.poll.title')}</h2>
      <p className="muted small poll-when">
        {closed ? t('talk.thread.poll.closed', { time: when }) : t('talk.thread.poll.closes', { time: when })}
      </p>
    </header>
  )

  if (mine === null && !closed) {
    return (
      <section className="poll" aria-labelledby={`${id}-title`}>
        {head}
        <form onSubmit={(e) => void answer(e)} noValidate>
          <fieldset className="poll-options" aria-describedby={`${id}-hint`}>
            <legend className="visually-hidden">{t('talk.thread.poll.legend')}</legend>
            {poll.options.map((o, i) => (
              <label key={i} className={choice === i ? 'poll-option poll-option-picked' : 'poll-option'}>
                <input type="radio" name={id} checked={choice === i} onChange={() => { setChoice(i); setError(null) }} />
                <span>{o}</span>
              </label>
            ))}
          </fieldset>
          <p id={`${id}-hint`} className="hint">{t('talk.thread.poll.hint')}</p>
          {(error ?? refused) && <p className="field-error" role="alert">{error ?? refusalMessage(t, item?.error)}</p>}
          <button type="submit" className="button button-secondary" aria-disabled={busy || !!paused}>
            {busy ? t('talk.thread.poll.answering') : t('talk.thread.poll.answer')}
          </button>
        </form>
      </section>
    )
  }

  const total = poll.total
  return (
    <section className="poll poll-results" aria-labelledby={`${id}-title`}>
      {head}
      <ul className="poll-bars">
        {poll.options.map((o, i) => {
          const count = poll.counts[i] ?? 0
          const percent = total > 0 ? Math.round((count / total) * 100) : 0
          const ours = mine === i
          return (
            <li key={i} className={ours ? 'poll-bar poll-bar-mine' : 'poll-bar'}>
              <div className="poll-bar-text">
                <span className="poll-bar-option">
                  {o}
                  {ours && <span className="badge poll-mine">{t('talk.thread.poll.yours')}</span>}
                </span>
                <span className="poll-bar-count">{t('talk.thread.poll.count', { count, percent })}</span>
              </div>
              <div className="poll-bar-track" aria-hidden="true">
                <div className="poll-bar-fill" style={{ width: `${percent}%` }} />
              </div>
            </li>
          )
        })}
      </ul>
      <p className="muted small poll-total">
        {t('talk.thread.poll.total', { count: total })}
        {pending && <> · {t('talk.thread.poll.pending')}</>}
      </p>
      {mine === null && <p className="hint">{t('talk.thread.poll.closedUnanswered')}</p>}
    </section>
  )
}
