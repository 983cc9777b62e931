import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CompanyChoices } from '../../../../shared/src/api/index.js'
import { api } from '../../api/client.js'

export type Choice = CompanyChoices['companies'][number]
/** What the reviewer picked: an existing company's slug, or a new company (confirmed when near matches exist). */
export type Picked = { slug: string } | { createNew: true; confirmed: boolean } | null

/** The choice a reviewer starts from: the company owning the domain or of the same name; a new one when nothing is near; else none. */
export function initialPick(choices: readonly Choice[]): Picked {
  const sure = choices.find((c) => c.reason === 'owns_domain' || c.reason === 'same_name')
  if (sure) return { slug: sure.slug }
  return choices.some((c) => c.reason !== null) ? null : { createNew: true, confirmed: false }
}

/**
 * Which company a badge is approved into (issue 10: one company per real company): the near
 * matches of the company the member named, what a search finds, or a new company — the last
 * only on purpose, with the near matches listed above it.
 */
export function CompanyPicker(props: {
  id: string
  submissionId: string
  claimed: string
  choices: Choice[] | null
  setChoices: (c: Choice[]) => void
  picked: Picked
  onPick: (p: Picked) => void
  error?: string | undefined
}) {
  const { t } = useTranslation()
  const { id, submissionId, claimed, choices, setChoices, picked, onPick, error } = props
  const [q, setQ] = useState('')
  const [searching, setSearching] = useState(false)
  const [found, setFound] = useState<Choice[] | null>(null)

  useEffect(() => {
    if (choices !== null) return
    let alive = true
    void api.badgeCompanies(submissionId).then(
      (r) => {
        if (!alive) return
        setChoices(r.companies)
        onPick(initialPick(r.companies))
      },
      () => alive && setChoices([]),
    )
    return () => {
      alive = false
    }
  }, [choices, submissionId, setChoices, onPick])

  async function search() {
    const term = q.trim()
    if (!term || searching) return
    setSearching(true)
    try {
      setFound((await api.badgeCompanies(submissionId, term)).companies)
    } catch {
      setFound([])
    } finally {
      setSearching(false)
    }
  }

  const near = choices ?? []
  const shown = [...near, ...(found ?? []).filter((f) => !near.some((n) => n.slug === f.slug))]
  const nearOnes = near.filter((c) => c.reason !== null)
  const isNew = picked !== null && 'createNew' in picked
  const name = `${id}-company`
  return (
    <fieldset className="company-picker" aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{t('reviews.company')}</legend>
      {error && <p id={`${name}-error`} className="field-error">{error}</p>}
      {choices === null ? (
        <p className="muted">{t('reviews.companiesLoading')}</p>
      ) : (
        <ul className="plain-list">
          {shown.map((c) => (
            <li key={c.slug}>
              <label className="radio">
                <input type="radio" name={name} checked={picked !== null && 'slug' in picked && picked.slug === c.slug} onChange={() => onPick({ slug: c.slug })} />
                <span>
                  {c.name} <span className="muted">({c.domains.length ? c.domains.join(', ') : c.slug})</span>
                  {c.reason && <span className="hint"> — {t(`reviews.why.${c.reason}`)}</span>}
                </span>
              </label>
            </li>
          ))}
          <li>
            <label className="radio">
              <input type="radio" name={name} checked={isNew} onChange={() => onPick({ createNew: true, confirmed: false })} />
              <span>{t('reviews.newCompany', { name: claimed })}</span>
            </label>
          </li>
        </ul>
      )}
      {isNew && nearOnes.length > 0 && (
        <div className="notice notice-warning">
          <p>{t('reviews.nearWarning', { names: nearOnes.map((c) => c.name).join(', ') })}</p>
          <label className="checkbox">
            <input type="checkbox" checked={picked.confirmed} onChange={(e) => onPick({ createNew: true, confirmed: e.target.checked })} />
            <span>{t('reviews.confirmNew', { name: claimed })}</span>
          </label>
        </div>
      )}
      <div className="company-search">
        <label htmlFor={`${id}-search`}>{t('reviews.search')}</label>
        <input id={`${id}-search`} type="search" value={q} maxLength={100} onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              void search()
            }
          }} />
        <button type="button" className="button button-quiet" aria-disabled={searching} onClick={() => void search()}>
          {searching ? t('reviews.searching') : t('reviews.searchButton')}
        </button>
        {found !== null && found.length === 0 && <p className="muted" role="status">{t('reviews.noneFound', { q: q.trim() })}</p>}
      </div>
    </fieldset>
  )
}
