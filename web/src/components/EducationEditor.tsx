import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS } from '../../../shared/src/api/limits.js'
import { emptyEducation, type EducationDraft } from '../lib/profile-draft.js'
import type { FieldErrors } from '../lib/problem.js'
import { TextField } from './Field.js'

interface Props {
  items: EducationDraft[]
  onChange: (items: EducationDraft[]) => void
  errors: FieldErrors
}

export function EducationEditor({ items, onChange, errors }: Props) {
  const { t } = useTranslation()
  const addRef = useRef<HTMLButtonElement>(null)
  const focusNext = useRef<string | null>(null)

  useEffect(() => {
    if (focusNext.current === null) return
    const target = focusNext.current === '' ? addRef.current : document.getElementById(`edu-${focusNext.current}-school`)
    focusNext.current = null
    target?.focus()
  }, [items])

  const update = (i: number, patch: Partial<EducationDraft>) =>
    onChange(items.map((x, j) => (j === i ? { ...x, ...patch } : x)))
  const add = () => {
    const entry = emptyEducation()
    focusNext.current = entry.key
    onChange([...items, entry])
  }
  const remove = (i: number) => {
    focusNext.current = ''
    onChange(items.filter((_, j) => j !== i))
  }
  const full = items.length >= LIMITS.educationEntries
  const yearProps = { inputMode: 'numeric' as const, maxLength: 4, pattern: '[0-9]{4}', placeholder: t('editor.yearPlaceholder') }

  return (
    <section className="card" aria-labelledby="edu-edit-title">
      <h2 id="edu-edit-title">{t('editor.education.title')}</h2>
      {items.length === 0 && <p className="muted">{t('editor.education.empty')}</p>}
      {items.map((x, i) => {
        const id = `edu-${x.key}`
        const err = (f: string) => errors[`/education/${i}/${f}`]
        return (
          <fieldset key={x.key} className="entry">
            <legend>{t('editor.education.entry', { n: i + 1 })}</legend>
            <TextField id={`${id}-school`} label={t('editor.education.school')} value={x.school} maxLength={LIMITS.entryTextLength} required
              onChange={(e) => update(i, { school: e.target.value })} error={err('school')} />
            <div className="grid-2 tight">
              <TextField id={`${id}-degree`} label={t('editor.education.degree')} optional value={x.degree} maxLength={LIMITS.entryTextLength}
                onChange={(e) => update(i, { degree: e.target.value })} error={err('degree')} />
              <TextField id={`${id}-field`} label={t('editor.education.field')} optional value={x.field} maxLength={LIMITS.entryTextLength}
                onChange={(e) => update(i, { field: e.target.value })} error={err('field')} />
              <TextField id={`${id}-start`} label={t('editor.education.startYear')} optional value={x.startYear} {...yearProps}
                onChange={(e) => update(i, { startYear: e.target.value })} error={err('startYear')} />
              <TextField id={`${id}-end`} label={t('editor.education.endYear')} optional value={x.endYear} {...yearProps}
                onChange={(e) => update(i, { endYear: e.target.value })} error={err('endYear')} />
            </div>
            <div className="entry-actions">
              <button type="button" className="button button-danger-quiet" aria-label={t('editor.education.removeLabel', { n: i + 1 })} onClick={() => remove(i)}>
                {t('editor.education.remove')}
              </button>
            </div>
          </fieldset>
        )
      })}
      <button type="button" ref={addRef} className="button button-secondary" onClick={add} disabled={full}>
        <span aria-hidden="true">+ </span>
        {t('editor.education.add')}
      </button>
      {full && <p className="hint">{t('editor.education.max', { max: LIMITS.educationEntries })}</p>}
    </section>
  )
}
