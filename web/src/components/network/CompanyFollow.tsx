import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Company } from '../../../../shared/src/api/index.js'
import { api } from '../../api/client.js'
import { networkApi } from '../../api/network.js'
import { networkError } from './network-error.js'

/** Follow / Unfollow on a company page, with the follower count; the page data comes back fresh. */
export function CompanyFollow({ company: c, onChanged }: { company: Company; onChanged(company: Company): void }) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function toggle() {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      if (c.followId) await networkApi.unfollow(c.followId)
      else await networkApi.follow({ company: c.slug })
      onChanged(await api.company(c.slug))
    } catch (err) {
      setError(networkError(t, err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="company-follow">
      <button type="button" className={c.followId ? 'button button-secondary' : 'button button-primary'} aria-disabled={busy} onClick={() => void toggle()}>
        {c.followId ? t('network.companyUnfollow', { company: c.name }) : t('network.companyFollow', { company: c.name })}
      </button>
      <span className="muted small">{t('network.followers', { count: c.followerCount })}</span>
      {error && (
        <p role="alert" className="alert alert-error">
          {error}
        </p>
      )}
    </div>
  )
}
