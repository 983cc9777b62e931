/** Where to go after signing in: only same-site paths, never `//evil.example` or `https://…`. */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback
  return next
}

export function signInPath(next: string): string {
  return '/signin?next=' + encodeURIComponent(next)
}
