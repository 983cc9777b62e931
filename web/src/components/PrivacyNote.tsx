import type { ReactNode } from 'react'

/** A short privacy promise next to the input it is about, with a small padlock (decorative). */
export function PrivacyNote({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="privacy-note">
      <svg className="lock-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2" className="lock-shackle" />
        <rect x="2.5" y="7" width="11" height="8" rx="1.5" className="lock-body" />
      </svg>
      <span>{children}</span>
    </p>
  )
}
