import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS } from '../../../shared/src/api/limits.js'
import { emptyExperience, type ExperienceDraft } from '../lib/profile-draft.js'
import type { FieldErrors } from '../lib/problem.js'
import { TextArea, TextField } from './Field.js'

interface Props {
  items: ExperienceDraft[]
  onChange: (items: ExperienceDraft[]) => void
  errors: FieldErrors
}

export function ExperienceEditor({ items, onChange, errors }: Props) {
  const { t } = useTranslation()
  const addRef = useRef<HTMLButtonElement>(null)
  const focusNext = useRef<string | null>(null)

  // After adding an entry, put the caret in its first field; after removing one, on the add button.
  useEffect(() => {
    if (focusNext.current === null) return
    const target = focusNext.current === '' ? addRef.current : document.getElementById(`exp-${focusNext.current}-company`)
    focusNext.current = null
    target?.focus()
  }, [items])

  const update = (i: number, patch: Partial<ExperienceDraft>) =>
    onChange(items.map((x, j) => (j === i ? { ...x, ...patch } : x)))
  const add = () => {
    const entry = emptyExperience()
    focusNext.current = entry.key
    onChange([...items, entry])
  }
  const remove = (i: number) => {
    focusNext.current = ''
    onChange(items.filter((_, j) => j !== i))
  }
  const full = items.length >= LIMITS.experienceEntries

  return (
    <section className="card" aria-labelledby="exp-edit-title">
      <h2 id="exp-edit-title">{t('editor.experience.title')}</h2>
      {items.length === 0 && <p className="muted">{t('editor.experience.empty')}</p>}
      {items.map((x, i) => {
        const id = `exp-${x.key}`
        const err = (f: string) => errors[`/experience/${i}/${f}`]
        return (
          <fieldset key={x.key} className="entry">
            <legend>{t('editor.experience.entry', { n: i + 1 })}</legend>
            <div className="grid-2 tight">
              <TextField id={`${id}-company`} label={t('editor.experience.company')} value={x.company} maxLength={LIMITS.entryTextLength} required
                onChange={(e) => update(i, { company: e.target.value })} error={err('company')} autoComplete="organization" />
              <TextField id={`${id}-title`} label={t('editor.experience.jobTitle')} value={x.title} maxLength={LIMITS.entryTextLength} required
                onChange={(e) => update(i, { title: e.target.value })} error={err('title')} autoComplete="organization-title" />
              <TextField id={`${id}-start`} type="month" label={t('editor.experience.start')} value={x.start} min="1900-01" max="2099-12"
                placeholder={t('editor.monthPlaceholder')} required onChange={(e) => update(i, { start: e.target.value })} error={err('start')} />
              <TextField id={`${id}-end`} type="month" label={t('editor.experience.end')} value={x.current ? '' : x.end} min="1900-01" max="2099-12"
                placeholder={t('editor.monthPlaceholder')} disabled={x.current} onChange={(e) => update(i, { end: e.target.value })} error={x.current ? undefined : err('end')} />
            </div>
            <div className="checkbox">
              <input id={`${id}-current`} type="checkbox" checked={x.current} onChange={(e) => update(i, { current: e.target.checked })} />
              <label htmlFor={`${id}-current`}>{t('editor.experience.current')}</label>
            </div>
            <TextArea id={`${id}-description`} label={t('editor.experience.description')} optional rows={3} value={x.description}
              maxLength={LIMITS.entryDescriptionLength} onChange={(e) => update(i, { description: e.target.value })} error={err('description')} />
            <div className="entry-actions">
              <button type="button" className="button button-danger-quiet" aria-label={t('editor.experience.removeLabel', { n: i + 1 })} onClick={() => remove(i)}>
                {t('editor.experience.remove')}
              </button>
            </div>
          </fieldset>
        )
      })}
      <button type="button" ref={addRef} className="button button-secondary" onClick={add} disabled={full}>
        <span aria-hidden="true">+ </span>
        {t('editor.experience.add')}
      </button>
      {full && <p className="hint">{t('editor.experience.max', { max: LIMITS.experienceEntries })}</p>}
    </section>
  )
}
