import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { KeyLog } from '../../../../shared/src/api/talk.js'

type Head = { seq: number; hash: string } | 'failed' | null

/**
 * The head of the public key log (DESIGN §2), for people to compare: if two members — or a member
 * and anyone reading the log elsewhere — see different heads, someone was shown a different log.
 * Fetched like every public Work Talk read of this page: without credentials.
 */
export function KeyLogHead() {
  const { t } = useTranslation()
  const [head, setHead] = useState<Head>(null)
  useEffect(() => {
    let alive = true
    fetch('/api/v1/talk/keys/log', { credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status))
        const { entries } = (await res.json()) as KeyLog
        const last = entries[entries.length - 1]
        if (alive) setHead(last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: '' })
      })
      .catch(() => alive && setHead('failed'))
    return () => {
      alive = false
    }
  }, [])
  return (
    <div className="key-log-head" aria-live="polite">
      {head === null && <p className="muted">{t('talk.aboutPage.logLoading')}</p>}
      {head === 'failed' && <p className="muted">{t('talk.aboutPage.logFailed')}</p>}
      {head !== null && head !== 'failed' && (
        <>
          <p>{t('talk.aboutPage.logHead', { count: head.seq })}</p>
          {head.hash && (
            <p>
              <code className="key-log-hash">{head.hash}</code>
            </p>
          )}
        </>
      )}
    </div>
  )
}
