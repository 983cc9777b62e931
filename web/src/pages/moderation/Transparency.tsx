import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router-dom'
import type { Transparency } from '../../../../shared/src/api/moderation.js'
import { moderationApi } from '../../api/moderation.js'
import { RetryAlert } from '../../components/LoadFailed.js'
import { Loading } from '../../components/Loading.js'
import { actionLabel, reasonLabel } from '../../components/moderation/reasons.js'
import { errorMessage } from '../../lib/problem.js'
import { usePageTitle } from '../../lib/use-page-title.js'
import '../../styles-moderation.css'

/** How many quarters back the selector offers. */
const QUARTERS_SHOWN = 8

function quartersUpToNow(now = new Date()): string[] {
  let y = now.getUTCFullYear()
  let q = Math.floor(now.getUTCMonth() / 3) + 1
  const out: string[] = []
  for (let i = 0; i < QUARTERS_SHOWN; i++) {
    out.push(`${y}-Q${q}`)
    q -= 1
    if (q === 0) {
      q = 4
      y -= 1
    }
  }
  return out
}

function CountTable({ caption, rows }: { caption: string; rows: [string, number][] }) {
  const { t } = useTranslation()
  return (
    <section className="card" aria-label={caption}>
      <h2>{caption}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('moderation.transparency.none')}</p>
      ) : (
        <table className="moderation-table">
          <caption className="visually-hidden">{caption}</caption>
          <tbody>
            {rows.map(([label, n]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

/** /transparency (public): one quarter of moderation in numbers. */
export default function TransparencyPage() {
  const { t } = useTranslation()
  const id = useId()
  const quarters = quartersUpToNow()
  const [params, setParams] = useSearchParams()
  const quarter = params.get('quarter') ?? quarters[0]!
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'ok'; data: Transparency } | { kind: 'error'; message: string }>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  usePageTitle(t('moderation.transparency.title'))

  useEffect(() => {
    let live = true
    setState({ kind: 'loading' })
    moderationApi.transparency(quarter).then(
      (data) => live && setState({ kind: 'ok', data }),
      (err: unknown) => live && setState({ kind: 'error', message: errorMessage(t, err) }),
    )
    return () => {
      live = false
    }
  }, [quarter, attempt, t])

  const options = quarters.includes(quarter) ? quarters : [quarter, ...quarters]
  return (
    <section className="moderation-page" aria-labelledby="tr-title">
      <div className="page-head">
        <h1 id="tr-title">{t('moderation.transparency.title')}</h1>
        <p className="muted">{t('moderation.transparency.intro')}</p>
        <p className="small">
          <Link to="/moderation/log">{t('moderation.log.title')}</Link>
        </p>
      </div>
      <div className="field quarter-select">
        <label htmlFor={`${id}-q`}>{t('moderation.transparency.quarter')}</label>
        <select id={`${id}-q`} value={quarter} onChange={(e) => setParams({ quarter: e.target.value })}>
          {options.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </select>
      </div>
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.kind === 'ok' && (
        <div className="transparency-grid">
          <CountTable caption={t('moderation.transparency.reports')} rows={Object.entries(state.data.reports).map(([r, n]) => [reasonLabel(t, r), n])} />
          <CountTable caption={t('moderation.transparency.actions')} rows={Object.entries(state.data.actions).map(([a, n]) => [actionLabel(t, a), n])} />
          <CountTable
            caption={t('moderation.transparency.other')}
            rows={[
              [t('moderation.transparency.takedowns'), state.data.takedownRequests],
              [t('moderation.transparency.held'), state.data.held],
            ]}
          />
          <CountTable
            caption={t('moderation.transparency.appeals')}
            rows={[
              [t('moderation.transparency.appealsReceived'), state.data.appeals.received],
              [t('moderation.transparency.appealsUpheld'), state.data.appeals.upheld],
              [t('moderation.transparency.appealsReversed'), state.data.appeals.reversed],
            ]}
          />
          <CountTable
            caption={t('moderation.transparency.legal')}
            rows={[
              [t('moderation.transparency.legalReceived'), state.data.legalRequests.received],
              [t('moderation.transparency.legalDisclosed'), state.data.legalRequests.disclosed],
            ]}
          />
        </div>
      )}
    </section>
  )
}
