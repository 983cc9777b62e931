import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatMomentTime } from '../../lib/clock-time.js'
import type { RecordItem } from '../../talk/outbox.js'
import type { RecordKind } from '../../talk/records.js'
import type { CompanyRecords } from './company-records.js'
import { recordErrorMessage } from './review-format.js'

/**
 * Where this browser's records of one kind about this company stand: held until their moment
 * ("Will be published around 14:05 — …"), waiting for the token, on their way, stored, or refused
 * (with the reason). A polite live region each, so the change is announced. A record not sent yet
 * can be taken back into its form (`onTakeBack`); a refused one dismissed.
 */
export function RecordStatus({ kind, records, onTakeBack }: {
  kind: RecordKind
  records: CompanyRecords
  onTakeBack: (item: RecordItem) => void
}) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const [busy, setBusy] = useState(false)
  const mine = records.records.filter((r) => r.kind === kind)
  if (mine.length === 0) return null

  const line = (r: RecordItem): string => {
    switch (r.state) {
      case 'waiting':
        if (records.paused) return t('talk.outbox.paused')
        if (r.wait === 'tokens' || !Number.isFinite(r.sendAt)) return t('companyReviews.status.tokens')
        return t(`companyReviews.status.${kind}.waiting`, { time: formatMomentTime(r.sendAt, lang) })
      case 'stored':
        return t(`companyReviews.status.${kind}.stored`)
      case 'failed':
        return t('companyReviews.status.failed', { reason: recordErrorMessage(t, r.error) })
      default:
        return t('companyReviews.status.publishing')
    }
  }

  async function takeBack(id: string) {
    if (busy) return
    setBusy(true)
    try {
      const item = await records.takeBack(id)
      if (item) onTakeBack(item)
    } finally {
      setBusy(false)
    }
  }

  return (
    <ul className="record-status-list">
      {mine.map((r) => (
        <li key={r.id} className="outbox-status record-status">
          <p role="status" className={`outbox-line outbox-${r.state}`}>
            <span className="publishing-dot" aria-hidden="true" />
            {line(r)}
          </p>
          {r.state === 'waiting' && !records.paused && <p className="hint">{t('companyReviews.status.why')}</p>}
          {r.state === 'failed' && <p className="hint">{t('companyReviews.status.textKept')}</p>}
          {r.state === 'waiting' && !r.request && !records.paused && (
            <div className="save-row">
              <button type="button" className="button button-quiet" aria-disabled={busy} onClick={() => void takeBack(r.id)}>
                {t('companyReviews.status.takeBack')}
              </button>
            </div>
          )}
          {r.state === 'failed' && (
            <button type="button" className="button button-quiet" onClick={() => void records.dismiss(r.id)}>
              {t('talk.outbox.dismiss')}
            </button>
          )}
        </li>
      ))}
    </ul>
  )
}
