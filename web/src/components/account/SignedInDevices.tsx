import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SignedInSession } from '../../../../shared/src/api/account.js'
import { accountApi } from '../../api/account.js'
import { errorMessage } from '../../lib/problem.js'
import { useSession } from '../../session/session-context.js'
import { StatusMessage } from '../FormAlert.js'

/** Settings: the member's signed-in devices, each with a sign-out button, and "sign out everywhere else". */
export function SignedInDevices() {
  const { t } = useTranslation()
  const session = useSession()
  const [sessions, setSessions] = useState<SignedInSession[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      setSessions((await accountApi.sessions()).sessions)
      setError(null)
    } catch (err) {
      setError(errorMessage(t, err))
    }
  }, [t])

  useEffect(() => {
    void load()
  }, [load])

  const label = (s: SignedInSession) =>
    t('account.devices.label', { browser: t(`account.devices.browsers.${s.browser}`), os: t(`account.devices.systems.${s.os}`) })

  async function signOut(s: SignedInSession) {
    setBusy(s.id)
    setStatus(null)
    try {
      await accountApi.endSession(s.id)
      if (s.current) return session.leave('/signin')
      setStatus(t('account.devices.signedOut', { device: label(s) }))
      await load()
    } catch (err) {
      setError(errorMessage(t, err))
    } finally {
      setBusy(null)
    }
  }

  async function signOutOthers() {
    setBusy('others')
    setStatus(null)
    try {
      await accountApi.endOtherSessions()
      setStatus(t('account.devices.othersSignedOut'))
      await load()
    } catch (err) {
      setError(errorMessage(t, err))
    } finally {
      setBusy(null)
    }
  }

  const others = sessions?.filter((s) => !s.current).length ?? 0
  return (
    <section className="card" aria-labelledby="devices-title">
      <h2 id="devices-title">{t('account.devices.title')}</h2>
      <p className="muted">{t('account.devices.intro')}</p>
      {error && (
        <div role="alert" className="alert alert-error">
          <p>{error}</p>
        </div>
      )}
      {sessions === null && !error && <p className="muted">{t('account.devices.loading')}</p>}
      {sessions && (
        <ul className="device-list" aria-labelledby="devices-title">
          {sessions.map((s) => (
            <li key={s.id} className="device">
              <div className="device-text">
                <strong>{label(s)}</strong>
                {s.current && <span className="device-this"> · {t('account.devices.thisDevice')}</span>}
                <span className="device-days muted">{t('account.devices.days', { created: s.createdOn, used: s.lastUsedOn })}</span>
              </div>
              <button type="button" className="button button-secondary" aria-disabled={busy !== null}
                aria-label={s.current ? t('account.devices.signOutThis') : t('account.devices.signOutOne', { device: label(s), created: s.createdOn })}
                onClick={() => busy === null && void signOut(s)}>
                {busy === s.id ? t('account.devices.signingOut') : t('account.devices.signOut')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {others > 0 && (
        <button type="button" className="button button-secondary" aria-disabled={busy !== null} onClick={() => busy === null && void signOutOthers()}>
          {busy === 'others' ? t('account.devices.signingOut') : t('account.devices.signOutOthers')}
        </button>
      )}
      <StatusMessage message={status} className="status-success" />
    </section>
  )
}
