/** A member's photo (the versioned avatar URL), or their initials when there is none. */
export function Avatar({ name, url, size = 'page', className = '' }: { name: string; url: string | null; size?: 'small' | 'page'; className?: string }) {
  const cls = `avatar ${size === 'small' ? 'avatar-small' : ''} ${className}`.trim()
  if (url) return <img className={`${cls} avatar-photo`} src={url} alt="" width={size === 'small' ? 32 : 96} height={size === 'small' ? 32 : 96} />
  return (
    <span className={cls} aria-hidden="true">
      {initials(name)}
    </span>
  )
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean)
  const first = parts[0]?.[0] ?? ''
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : ''
  return (first + last).toUpperCase()
}
