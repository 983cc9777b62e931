/** The Watercooler mark, drawn inline so no image request is needed. Decorative. */
export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" className="logo-bg" />
      <path d="M11 9h10l-1.5 15a2 2 0 0 1-2 1.8h-3a2 2 0 0 1-2-1.8z" className="logo-cup" />
      <path d="M12.2 15h7.6l-.8 8.2a1 1 0 0 1-1 .8h-4a1 1 0 0 1-1-.8z" className="logo-water" />
    </svg>
  )
}
