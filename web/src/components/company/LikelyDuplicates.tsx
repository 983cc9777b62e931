import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { DuplicateList } from '../../../../shared/src/api/index.js'
import { api } from '../../api/client.js'
import { errorMessage } from '../../lib/problem.js'
import { ConfirmBox } from '../ConfirmBox.js'
import { StatusMessage } from '../FormAlert.js'
import { RetryAlert } from '../LoadFailed.js'

type Pair = DuplicateList['pairs'][number]
type Brief = Pair['a']

/**
 * Admins: companies that may be one real company (issue 10) — one made for a new e-mail domain
 * and waiting, or two of the same or a similar name. Merge one into the other, or say they are
 * not the same (the pair then leaves the list for good).
 */
export function LikelyDuplicates() {
  const { t } = useTranslation()
  const [pairs, setPairs] = useState<Pair[] | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  /** A merge asked for, waiting for its confirmation (it cannot be undone). */
  const [merging, setMerging] = useState<{ key: string; from: Brief; into: Brief } | null>(null)

  const load = useCallback(() => {
    setFailure(null)
    api.companyDuplicates().then(
      (r) => setPairs(r.pairs),
      (err: unknown) => setFailure(errorMessage(t, err)),
    )
  }, [t])
  useEffect(load, [load])

  async function act(key: string, work: () => Promise<unknown>, message: string) {
    if (busy) return
    setBusy(key)
    setError(null)
    try {
      await work()
      setDone(message)
      setMerging(null)
      load()
    } catch (err) {
      setError(errorMessage(t, err))
    } finally {
      setBusy(null)
    }
  }

  const who = (c: Brief) => (
    <>
      <Link to={`/companies/${c.slug}`}>{c.name}</Link>{' '}
      <span className="muted">
        ({c.domains.length ? c.domains.join(', ') : c.slug}; {t('companies.duplicates.members', { count: c.members })})
      </span>
    </>
  )
  return (
    <section className="card" aria-labelledby="duplicates-title">
      <h2 id="duplicates-title">{t('companies.duplicates.title')}</h2>
      <p className="muted">{t('companies.duplicates.intro')}</p>
      <StatusMessage message={done} className="status-success" />
      {error && <p className="field-error" role="alert">{error}</p>}
      {failure && <RetryAlert message={failure} onRetry={load} />}
      {pairs === null && !failure && <p className="muted" role="status">{t('a11y.loading')}</p>}
      {pairs?.length === 0 && <p>{t('companies.duplicates.none')}</p>}
      {pairs && pairs.length > 0 && (
        <ul className="item-list duplicate-list">
          {pairs.map((p) => {
            const key = `${p.a.slug}|${p.b.slug}`
            return (
              <li key={key} className="duplicate-pair" aria-label={t('companies.duplicates.pair', { a: p.a.name, b: p.b.name })}>
                <p>{who(p.a)}</p>
                <p>{who(p.b)}</p>
                <p className="hint">{p.reasons.map((r) => t(`companies.duplicates.why.${r}`)).join(' · ')}</p>
                {merging?.key === key ? (
                  <ConfirmBox id={`merge-${p.a.slug}-${p.b.slug}`} question={t('companies.duplicates.mergeQuestion', { from: merging.from.name, into: merging.into.name })}
                    confirmLabel={t('companies.duplicates.mergeConfirm')} busyLabel={t('company.admin.merging')} busy={busy === key}
                    cancelLabel={t('company.admin.cancel')} onCancel={() => setMerging(null)}
                    onConfirm={() => void act(key, () => api.mergeCompany(merging.from.slug, merging.into.slug), t('companies.duplicates.merged', { from: merging.from.name, into: merging.into.name }))} />
                ) : (
                  <div className="save-row">
                    {([[p.b, p.a], [p.a, p.b]] as const).map(([from, into]) => (
                      <button key={from.slug} type="button" className="button button-secondary" aria-disabled={busy !== null} onClick={() => setMerging({ key, from, into })}>
                        {t('companies.duplicates.merge', { from: from.name, into: into.name })}
                      </button>
                    ))}
                    <button type="button" className="button button-quiet" aria-disabled={busy !== null}
                      onClick={() => void act(key, () => api.markCompaniesDistinct(p.a.slug, p.b.slug), t('companies.duplicates.keptApart', { a: p.a.name, b: p.b.name }))}>
                      {t('companies.duplicates.distinct')}
                    </button>
                  </div>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
