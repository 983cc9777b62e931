import { useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS } from '../../../shared/src/api/limits.js'
import { TextField } from './Field.js'

interface Props {
  skills: string[]
  onChange: (skills: string[]) => void
  error?: string | undefined
}

export function SkillsEditor({ skills, onChange, error }: Props) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const full = skills.length >= LIMITS.skills

  function add() {
    const skill = text.trim().replace(/\s+/g, ' ')
    if (!skill) return
    if (skills.some((s) => s.toLowerCase() === skill.toLowerCase())) {
      setProblem(t('editor.skills.duplicate', { skill }))
      return
    }
    if (full) {
      setProblem(t('editor.skills.max', { max: LIMITS.skills }))
      return
    }
    onChange([...skills, skill])
    setText('')
    setProblem(null)
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    // Enter adds the skill instead of submitting the whole form (but not while an IME is composing).
    if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      e.preventDefault()
      add()
    }
  }

  function remove(skill: string) {
    onChange(skills.filter((s) => s !== skill))
    inputRef.current?.focus()
  }

  return (
    <section className="card" aria-labelledby="skills-edit-title">
      <h2 id="skills-edit-title">{t('editor.skills.title')}</h2>
      <div className="inline-add">
        <TextField
          ref={inputRef}
          id="skill-input"
          label={t('editor.skills.input')}
          hint={t('editor.skills.hint', { max: LIMITS.skills })}
          value={text}
          maxLength={LIMITS.skillLength}
          onChange={(e) => {
            setText(e.target.value)
            setProblem(null)
          }}
          onKeyDown={onKeyDown}
          error={problem ?? error}
        />
        <button type="button" className="button button-secondary" onClick={add} disabled={full}>
          {t('editor.skills.add')}
        </button>
      </div>
      {skills.length === 0 ? (
        <p className="muted">{t('editor.skills.empty')}</p>
      ) : (
        <ul className="chips" aria-label={t('editor.skills.listLabel')}>
          {skills.map((s) => (
            <li key={s} className="chip">
              <span>{s}</span>
              <button type="button" className="chip-remove" aria-label={t('editor.skills.remove', { skill: s })} onClick={() => remove(s)}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
