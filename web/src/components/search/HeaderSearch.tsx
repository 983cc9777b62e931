import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation, useNavigate } from 'react-router-dom'
import { SEARCH } from '../../../../shared/src/api/limits.js'

/** The search box of the header: leads to /search?q= (the type tab chosen there is kept). */
export function HeaderSearch() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const location = useLocation()
  const params = new URLSearchParams(location.search)
  const onSearchPage = location.pathname === '/search'
  const [q, setQ] = useState(onSearchPage ? (params.get('q') ?? '') : '')

  useEffect(() => {
    if (onSearchPage) setQ(new URLSearchParams(location.search).get('q') ?? '')
  }, [location.pathname, location.search])

  function onSubmit(e: FormEvent) {
    e.preventDefault()
    const term = q.trim()
    if (!term) return
    const next = new URLSearchParams({ q: term })
    const type = onSearchPage ? params.get('type') : null
    if (type) next.set('type', type)
    navigate(`/search?${next}`)
  }

  return (
    <form role="search" className="header-search" onSubmit={onSubmit} aria-label={t('search.boxLabel')}>
      <label htmlFor="header-search-input" className="visually-hidden">
        {t('search.boxLabel')}
      </label>
      <input
        id="header-search-input"
        type="search"
        name="q"
        value={q}
        maxLength={SEARCH.queryMaxLength}
        autoComplete="off"
        enterKeyHint="search"
        placeholder={t('search.placeholder')}
        onChange={(e) => setQ(e.target.value)}
      />
      <button type="submit" className="button button-quiet header-search-button">
        {t('search.submit')}
      </button>
    </form>
  )
}
