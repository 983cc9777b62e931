import { useTranslation } from 'react-i18next'
import { formatAverage } from './review-format.js'

const SCALE = [1, 2, 3, 4, 5] as const

/** A rating out of five as stars, filled to the tenth; read as "4.2 out of 5 stars". */
export function Stars({ value, className }: { value: number; className?: string }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const percent = (Math.max(0, Math.min(5, value)) / 5) * 100
  return (
    <span className={`stars ${className ?? ''}`} role="img" aria-label={t('companyReviews.stars', { value: formatAverage(value, lang) })}>
      <span className="stars-empty" aria-hidden="true">★★★★★</span>
      <span className="stars-full" aria-hidden="true" style={{ width: `${percent}%` }}>★★★★★</span>
    </span>
  )
}

/**
 * A choice of 1 to 5 as a radio group (native radios: arrow keys move and choose, Tab leaves the
 * group), drawn as stars — or as dots for a scale that is not a judgement (difficulty). `words`
 * names each step ("Very poor" … "Excellent"), read with its number and shown beside the row.
 */
export function ScaleInput({ id, name, legend, value, onChange, words, symbol = 'star', error, hint, disabled }: {
  id: string
  name: string
  legend: string
  value: number | null
  onChange: (value: number) => void
  words: readonly [string, string, string, string, string]
  symbol?: 'star' | 'dot'
  error?: string | undefined
  hint?: string | undefined
  disabled?: boolean
}) {
  const { t } = useTranslation()
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined
  return (
    <fieldset className={`scale-input scale-${symbol}`} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      <div className="scale-row">
        {SCALE.map((n) => (
          <span key={n} className="scale-choice">
            <input type="radio" id={`${id}-${n}`} name={name} value={n} checked={value === n} disabled={disabled}
              aria-invalid={error ? true : undefined} onChange={() => onChange(n)} />
            <label htmlFor={`${id}-${n}`} className={value !== null && n <= value ? 'scale-on' : undefined} title={words[n - 1]}>
              <span aria-hidden="true">{symbol === 'star' ? '★' : '●'}</span>
              <span className="visually-hidden">{t('companyReviews.form.scaleStep', { value: n, word: words[n - 1] })}</span>
            </label>
          </span>
        ))}
        <span className="scale-word muted small" aria-hidden="true">{value !== null ? words[value - 1] : ''}</span>
      </div>
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      {error && <p id={`${id}-error`} className="field-error">{error}</p>}
    </fieldset>
  )
}

/**
 * A few labelled choices as a radio group (recommend yes/no, CEO opinion, current/former…):
 * native radios in a fieldset, laid out as a wrapping row of pill-shaped options.
 */
export function ChoiceInput<V extends string>({ id, name, legend, value, onChange, options, error, hint, optional }: {
  id: string
  name: string
  legend: string
  value: V | null
  onChange: (value: V) => void
  options: readonly { value: V; label: string }[]
  error?: string | undefined
  hint?: string | undefined
  optional?: boolean
}) {
  const { t } = useTranslation()
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined
  return (
    <fieldset className="pick-input" aria-describedby={describedBy}>
      <legend>
        {legend}
        {optional && <span className="optional"> ({t('fields.optional')})</span>}
      </legend>
      <div className="pick-row">
        {options.map((o) => (
          <span key={o.value} className="pick">
            <input type="radio" id={`${id}-${o.value}`} name={name} value={o.value} checked={value === o.value}
              aria-invalid={error ? true : undefined} onChange={() => onChange(o.value)} />
            <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
          </span>
        ))}
      </div>
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      {error && <p id={`${id}-error`} className="field-error">{error}</p>}
    </fieldset>
  )
}
