import { useTranslation } from 'react-i18next'
import { TALK_FORUM } from '../../../../../shared/src/api/limits.js'
import type { FieldErrors } from '../../../lib/problem.js'
import { SelectField } from '../../Field.js'
import { POLL_DURATIONS, pollClosesAt, type PollDraft, type PollDuration } from './poll-input.js'
import { formatDateTime } from '../../../lib/dates.js'

const { maxOptions, minOptions, optionLength } = TALK_FORUM.poll

/**
 * The poll of a new thread: 2–6 options and how long it stays open. Errors come under the same
 * pointers as the server's (`/poll/options/1`), from the composer's checks or its answer.
 */
export function PollEditor({ id, poll, errors, onChange, onRemove }: {
  id: string
  poll: PollDraft
  errors: FieldErrors
  onChange: (poll: PollDraft) => void
  onRemove: () => void
}) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const setOption = (i: number, value: string) => onChange({ ...poll, options: poll.options.map((o, j) => (j === i ? value : o)) })
  const remove = (i: number) => {
    onChange({ ...poll, options: poll.options.filter((_, j) => j !== i) })
    requestAnimationFrame(() => document.getElementById(`${id}-option-${Math.max(0, i - 1)}`)?.focus())
  }
  const add = () => {
    onChange({ ...poll, options: [...poll.options, ''] })
    requestAnimationFrame(() => document.getElementById(`${id}-option-${poll.options.length}`)?.focus())
  }
  const listError = errors['/poll/options']
  const closesError = errors['/poll/closesAt']
  return (
    <fieldset className="poll-editor" aria-describedby={listError ? `${id}-options-error` : `${id}-hint`}>
      <legend>{t('talk.composer.poll.title')}</legend>
      <p id={`${id}-hint`} className="hint">{t('talk.composer.poll.hint', { min: minOptions, max: maxOptions })}</p>
      <ol className="poll-editor-options">
        {poll.options.map((o, i) => {
          const err = errors[`/poll/options/${i}`]
          const inputId = `${id}-option-${i}`
          return (
            <li key={i} className="poll-editor-option">
              <label htmlFor={inputId} className="visually-hidden">{t('talk.composer.poll.option', { n: i + 1 })}</label>
              <div className="poll-editor-row">
                <input id={inputId} value={o} maxLength={optionLength} placeholder={t('talk.composer.poll.option', { n: i + 1 })}
                  aria-invalid={err ? true : undefined} aria-describedby={err ? `${inputId}-error` : undefined}
                  onChange={(e) => setOption(i, e.target.value)} />
                {poll.options.length > minOptions && (
                  <button type="button" className="button button-quiet button-small" onClick={() => remove(i)}
                    aria-label={t('talk.composer.poll.removeOption', { n: i + 1 })}>
                    ✕
                  </button>
                )}
              </div>
              {err && <p id={`${inputId}-error`} className="field-error">{err}</p>}
            </li>
          )
        })}
      </ol>
      {listError && <p id={`${id}-options-error`} className="field-error">{listError}</p>}
      <div className="poll-editor-actions">
        {poll.options.length < maxOptions && (
          <button type="button" className="button button-secondary" onClick={add}>{t('talk.composer.poll.addOption')}</button>
        )}
        <button type="button" className="button button-danger-quiet" onClick={onRemove}>{t('talk.composer.poll.remove')}</button>
      </div>
      <SelectField id={`${id}-closes`} label={t('talk.composer.poll.closesIn')} value={poll.duration} error={closesError}
        hint={t('talk.composer.poll.closesHint', { time: formatDateTime(pollClosesAt(poll.duration), lang) })}
        onChange={(e) => onChange({ ...poll, duration: e.target.value as PollDuration })}>
        {POLL_DURATIONS.map((d) => (
          <option key={d.key} value={d.key}>{t(`talk.composer.poll.durations.${d.key}`)}</option>
        ))}
      </SelectField>
    </fieldset>
  )
}
