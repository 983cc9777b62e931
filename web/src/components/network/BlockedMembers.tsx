import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Block } from '../../../../shared/src/api/network.js'
import { networkApi } from '../../api/network.js'
import { StatusMessage } from '../FormAlert.js'
import { networkError } from './network-error.js'

/** Settings: the members the viewer blocked (their profiles are hidden, so unblocking lives here). */
export function BlockedMembers() {
  const { t } = useTranslation()
  const [blocks, setBlocks] = useState<Block[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)

  const load = () =>
    networkApi.blocks().then(
      (r) => setBlocks(r.blocks),
      (err: unknown) => setError(networkError(t, err)),
    )
  useEffect(() => {
    void load()
  }, [])

  async function unblock(b: Block) {
    setError(null)
    try {
      await networkApi.unblock(b.handle)
      setStatus(t('network.unblocked', { name: b.name }))
      await load()
    } catch (err) {
      setError(networkError(t, err))
    }
  }

  return (
    <section className="card" aria-labelledby="blocked-members-title" id="blocked">
      <h2 id="blocked-members-title">{t('network.blockedTitle')}</h2>
      <p className="muted small">{t('network.blockedIntro')}</p>
      {error && (
        <p role="alert" className="alert alert-error">
          {error}
        </p>
      )}
      <StatusMessage message={status} className="notice" />
      {blocks && blocks.length === 0 && <p className="muted">{t('network.blockedNone')}</p>}
      {blocks && blocks.length > 0 && (
        <ul className="item-list">
          {blocks.map((b) => (
            <li key={b.handle} className="person-row">
              <div className="person-text">
                <span className="item-name">{b.name}</span>
              </div>
              <div className="person-actions">
                <button type="button" className="button button-secondary" aria-label={`${t('network.unblock')}: ${b.name}`} onClick={() => void unblock(b)}>
                  {t('network.unblock')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
