import type { ReactNode } from 'react'
import { highlightRanges } from './highlight.js'

/** A text with the query's words marked (<mark>). */
export function Highlight({ text, q }: { text: string; q: string }) {
  const ranges = highlightRanges(text, q)
  if (!ranges.length) return <>{text}</>
  const out: ReactNode[] = []
  let at = 0
  for (const [from, to] of ranges) {
    if (from > at) out.push(text.slice(at, from))
    out.push(<mark key={from}>{text.slice(from, to)}</mark>)
    at = to
  }
  if (at < text.length) out.push(text.slice(at))
  return <>{out}</>
}
