import { useEffect, useRef, type ReactNode } from 'react'

interface ConfirmBoxProps {
  /** Names the question element (`${id}-question`), which labels the group. */
  id: string
  question: ReactNode
  confirmLabel: string
  /** Shown on the confirm button while the action runs. */
  busyLabel?: string
  busy?: boolean
  cancelLabel: string
  onCancel(): void
  /** Without it the confirm button submits the surrounding form. */
  onConfirm?(): void
  /** Shown above the question (an error from a failed attempt). */
  children?: ReactNode
}

/**
 * The second step of an action that cannot be undone: a question, a confirm button and a cancel
 * button. The confirm button takes the focus when the step appears, so a keyboard user lands on
 * the decision; where focus goes after cancelling is the caller's to say.
 */
export function ConfirmBox({ id, question, confirmLabel, busyLabel, busy = false, cancelLabel, onCancel, onConfirm, children }: ConfirmBoxProps) {
  const confirmRef = useRef<HTMLButtonElement>(null)
  useEffect(() => confirmRef.current?.focus(), [])
  return (
    <div className="confirm-box" role="group" aria-labelledby={`${id}-question`}>
      {children}
      <p id={`${id}-question`} className="confirm-question">
        {question}
      </p>
      <div className="save-row">
        <button ref={confirmRef} type={onConfirm ? 'button' : 'submit'} className="button button-danger" aria-disabled={busy}
          onClick={onConfirm && (() => onConfirm())}>
          {busy && busyLabel ? busyLabel : confirmLabel}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </div>
  )
}
