import type { FormError } from '../lib/problem.js'

/** The summary of a failed submission. role="alert" so screen readers announce it at once. */
export function FormAlert({ error, id }: { error: FormError | null; id?: string }) {
  if (!error) return null
  return (
    <div role="alert" className="alert alert-error" id={id}>
      <p>{error.message}</p>
      {error.extra.length > 0 && (
        <ul>
          {error.extra.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** A polite live region for success messages; always rendered so updates are announced. */
export function StatusMessage({ message, className }: { message: string | null; className?: string }) {
  return (
    <div role="status" className={message ? `status ${className ?? ''}` : 'status status-empty'}>
      {message}
    </div>
  )
}
