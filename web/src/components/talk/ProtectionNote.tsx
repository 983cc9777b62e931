import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { LocalValue } from '../../talk/local/store.js'

/**
 * Whether the member has seen the note in full: kept with the account's other local Work Talk
 * state (talk/local/store.ts), so another account on this browser starts afresh and "forget Work
 * Talk on this device" removes it too.
 */
const protectsRead = new LocalValue<boolean>('protects-read', (v) => v === true)

/**
 * What anonymous posting protects against, and what not (DESIGN §4), next to every composer. In
 * the compact (phone) reply form it is folded behind a link once the member has seen it in full:
 * it is read once, and every reply box after that stays short.
 */
export function ProtectionNote({ id, compact = false }: { id: string; compact?: boolean }) {
  const { t } = useTranslation()
  // Read before this page was opened: not folded away while it is being read for the first time.
  const [readBefore] = useState(() => protectsRead.get())
  const folded = compact && readBefore
  const ref = useRef<HTMLElement>(null)

  // Seen on screen in full at least once: from now on a compact form folds it.
  useEffect(() => {
    const el = ref.current
    if (readBefore || !el) return
    // Storage full or off: it is simply shown in full again next time.
    const mark = () => void protectsRead.update(() => true)
    if (typeof IntersectionObserver === 'undefined') return mark()
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        mark()
        seen.disconnect()
      }
    }, { threshold: 0.9 })
    seen.observe(el)
    return () => seen.disconnect()
  }, [readBefore])

  const body = (
    <>
      <p>{t('talk.protects.yes')}</p>
      <p>{t('talk.protects.no')}</p>
      <p>
        <Link to="/talk/about">{t('talk.protects.more')}</Link>
      </p>
    </>
  )
  if (folded) {
    return (
      <details className="protection-note protection-note-folded">
        <summary id={id}>{t('talk.protects.title')}</summary>
        {body}
      </details>
    )
  }
  return (
    <section ref={ref} className="protection-note" aria-labelledby={id}>
      <h3 id={id}>{t('talk.protects.title')}</h3>
      {body}
    </section>
  )
}
