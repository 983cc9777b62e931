import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate } from 'react-router-dom'
import { digestApi } from '../api/digest.js'
import { isApiError } from '../api/client.js'
import { usePageTitle } from '../lib/use-page-title.js'

/**
 * /unsubscribe?token=… — the page a digest's unsubscribe link opens, signed in or not. Opening it
 * changes nothing (link checkers open links); the button does. The token leaves the address bar
 * at once, kept in the history entry's state, as on the password reset page.
 */
export default function Unsubscribe() {
  const { t } = useTranslation()
  const location = useLocation()
  const navigate = useNavigate()
  const fromUrl = new URLSearchParams(location.search).get('token')
  const fromState = (location.state as { unsubscribeToken?: unknown } | null)?.unsubscribeToken
  const [token] = useState(() => fromUrl ?? (typeof fromState === 'string' ? fromState : null))
  const [state, setState] = useState<'ready' | 'busy' | 'done' | 'bad' | 'failed'>(token ? 'ready' : 'bad')
  usePageTitle(t('digest.unsubscribe.title'))

  useEffect(() => {
    if (fromUrl) navigate('/unsubscribe', { replace: true, state: { unsubscribeToken: fromUrl } })
  }, [fromUrl, navigate])

  async function confirm() {
    if (!token || state === 'busy') return
    setState('busy')
    try {
      await digestApi.unsubscribe(token)
      setState('done')
    } catch (err) {
      setState(isApiError(err) && (err.code === 'bad_unsubscribe_token' || err.code === 'validation_failed') ? 'bad' : 'failed')
    }
  }

  return (
    <section className="card narrow" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">{t('digest.unsubscribe.title')}</h1>
      {state === 'done' ? (
        <p role="status" className="status-success">
          {t('digest.unsubscribe.done')}
        </p>
      ) : state === 'bad' ? (
        <div role="alert" className="alert alert-error">
          <p>{t('digest.unsubscribe.badLink')}</p>
        </div>
      ) : (
        <>
          <p>{t('digest.unsubscribe.question')}</p>
          {state === 'failed' && (
            <div role="alert" className="alert alert-error">
              <p>{t('errors.generic')}</p>
            </div>
          )}
          <button type="button" className="button button-primary button-block" disabled={state === 'busy'} onClick={() => void confirm()}>
            {t('digest.unsubscribe.confirm')}
          </button>
        </>
      )}
      <p className="muted small">
        {t('digest.unsubscribe.settingsHint')} <Link to="/settings">{t('digest.unsubscribe.settingsLink')}</Link>
      </p>
    </section>
  )
}
