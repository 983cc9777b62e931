import type { InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'

interface Common {
  id: string
  label: ReactNode
  /** Error text; marks the control aria-invalid and points aria-describedby at it. */
  error?: string | undefined
  hint?: ReactNode
  optional?: boolean
  className?: string
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const s = ids.filter(Boolean).join(' ')
  return s || undefined
}

function Label({ id, label, optional }: Pick<Common, 'id' | 'label' | 'optional'>) {
  const { t } = useTranslation()
  return (
    <label htmlFor={id}>
      {label}
      {optional && <span className="optional"> ({t('fields.optional')})</span>}
    </label>
  )
}

function Below({ id, hint, error, extra }: { id: string; hint?: ReactNode; error?: string | undefined; extra?: ReactNode }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {extra}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </>
  )
}

type InputProps = Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'> & { ref?: Ref<HTMLInputElement> }

export function TextField({ id, label, error, hint, optional, className, ...rest }: InputProps) {
  return (
    <div className={`field ${className ?? ''}`}>
      <Label id={id} label={label} optional={optional} />
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint ? `${id}-hint` : undefined, error && `${id}-error`)}
        {...rest}
      />
      <Below id={id} hint={hint} error={error} />
    </div>
  )
}

type AreaProps = Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'className' | 'value'> & { value: string; maxLength: number }

/** A textarea with a live character counter. */
export function TextArea({ id, label, error, hint, optional, className, value, maxLength, ...rest }: AreaProps) {
  const { t } = useTranslation()
  const near = value.length > maxLength * 0.9
  const counter = (
    <p id={`${id}-count`} className={near ? 'counter counter-near' : 'counter'}>
      {t('editor.counter', { count: value.length, max: maxLength })}
    </p>
  )
  return (
    <div className={`field ${className ?? ''}`}>
      <Label id={id} label={label} optional={optional} />
      <textarea
        id={id}
        value={value}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint ? `${id}-hint` : undefined, `${id}-count`, error && `${id}-error`)}
        {...rest}
      />
      <Below id={id} hint={hint} error={error} extra={counter} />
    </div>
  )
}

type SelectProps = Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'className'> & { children: ReactNode }

export function SelectField({ id, label, error, hint, optional, className, children, ...rest }: SelectProps) {
  return (
    <div className={`field ${className ?? ''}`}>
      <Label id={id} label={label} optional={optional} />
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint ? `${id}-hint` : undefined, error && `${id}-error`)}
        {...rest}
      >
        {children}
      </select>
      <Below id={id} hint={hint} error={error} />
    </div>
  )
}
