/** A half-open range [start, end) of a text. */
export interface Span {
  start: number
  end: number
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end
}

/**
 * Spans already taken by a more specific rule, so that one number is reported once: a resident
 * ID is not also a bank card, an e-mail address's digits are not also a phone number.
 */
export class Claims {
  private readonly spans: Span[] = []

  has(span: Span): boolean {
    return this.spans.some((s) => overlaps(s, span))
  }

  /** Claims the span unless part of it is taken; says whether it did. */
  take(span: Span): boolean {
    if (this.has(span)) return false
    this.spans.push(span)
    return true
  }
}

/** Every match of a global regular expression, as spans (matchAll copies the regex: no shared lastIndex). */
export function matchSpans(text: string, pattern: RegExp): Span[] {
  const out: Span[] = []
  for (const m of text.matchAll(pattern)) out.push({ start: m.index, end: m.index + m[0].length })
  return out
}
