import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { PeoplePage, PublicProfile } from '../../../../shared/src/api/index.js'
import { networkApi } from '../../api/network.js'
import { ConfirmBox } from '../ConfirmBox.js'
import { StatusMessage } from '../FormAlert.js'
import { MessageButton } from '../messages/MessageButton.js'
import { ConnectForm } from './ConnectForm.js'
import { networkError } from './network-error.js'

interface Props {
  profile: PublicProfile
  /** Reload the profile after a change. */
  onChanged(): void
  /** The member was blocked: the profile is gone for the viewer. */
  onBlocked(): void
}

/** A profile's network strip: followers, mutual connections, and Connect / Follow / Block. */
export function ProfileNetwork({ profile: p, onChanged, onBlocked }: Props) {
  const { t } = useTranslation()
  const [step, setStep] = useState<'none' | 'connect' | 'remove' | 'block'>('none')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [mutual, setMutual] = useState<PeoplePage | null>(null)

  async function run(action: () => Promise<unknown>, done?: string) {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      await action()
      setStatus(done ?? null)
      setStep('none')
      onChanged()
    } catch (err) {
      setError(networkError(t, err))
    } finally {
      setBusy(false)
    }
  }

  async function toggleMutual() {
    if (mutual) return setMutual(null)
    try {
      setMutual(await networkApi.mutual(p.handle))
    } catch (err) {
      setError(networkError(t, err))
    }
  }

  const c = p.connection
  return (
    <section className="card profile-network" aria-label={t('network.title')}>
      <p className="network-facts muted">
        <span>{t('network.followers', { count: p.followerCount })}</span>
        {p.mutualCount > 0 && (
          <button type="button" className="link-button" aria-expanded={mutual !== null} onClick={toggleMutual}>
            {t('network.mutual', { count: p.mutualCount })}
          </button>
        )}
      </p>
      {mutual && (
        <ul className="mutual-list" aria-label={t('network.mutual', { count: mutual.total })}>
          {mutual.people.map((m) => (
            <li key={m.handle}>
              <Link to={`/in/${m.handle}`}>{m.name}</Link>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="alert alert-error">
          {error}
        </p>
      )}
      <StatusMessage message={status} className="notice" />
      {c?.state === 'incoming' && <p>{t('network.invitedYou', { name: p.name })}</p>}
      {step === 'connect' ? (
        <ConnectForm handle={p.handle} name={p.name} onCancel={() => setStep('none')}
          onSent={() => { setStatus(t('network.invited', { name: p.name })); setStep('none'); onChanged() }} />
      ) : step === 'remove' && c ? (
        <ConfirmBox id="remove-connection" question={t('network.removeQuestion', { name: p.name })} confirmLabel={t('network.remove')}
          cancelLabel={t('network.cancel')} busy={busy} onCancel={() => setStep('none')}
          onConfirm={() => run(() => networkApi.remove(c.id), t('network.removed', { name: p.name }))} />
      ) : step === 'block' ? (
        <ConfirmBox id="block-member" question={t('network.blockQuestion', { name: p.name })} confirmLabel={t('network.block')}
          busyLabel={t('network.blocking')} cancelLabel={t('network.cancel')} busy={busy} onCancel={() => setStep('none')}
          onConfirm={async () => {
            setBusy(true)
            try {
              await networkApi.block(p.handle)
              onBlocked()
            } catch (err) {
              setError(networkError(t, err))
              setBusy(false)
            }
          }} />
      ) : (
        <div className="network-actions">
          <MessageButton handle={p.handle} />
          {c === null && (
            <button type="button" className="button button-primary" onClick={() => setStep('connect')}>
              {t('network.connect')}
            </button>
          )}
          {c?.state === 'outgoing' && (
            <>
              <span className="pending-pill">{t('network.pending')}</span>
              <button type="button" className="button button-secondary" aria-disabled={busy} onClick={() => run(() => networkApi.remove(c.id), t('network.withdrawn'))}>
                {t('network.withdraw')}
              </button>
            </>
          )}
          {c?.state === 'incoming' && (
            <>
              <button type="button" className="button button-primary" aria-disabled={busy} onClick={() => run(() => networkApi.accept(c.id), t('network.accepted', { name: p.name }))}>
                {t('network.accept')}
              </button>
              <button type="button" className="button button-secondary" aria-disabled={busy} onClick={() => run(() => networkApi.ignore(c.id), t('network.ignored', { name: p.name }))}>
                {t('network.ignore')}
              </button>
            </>
          )}
          {c?.state === 'accepted' && (
            <button type="button" className="button button-secondary" onClick={() => setStep('remove')}>
              {t('network.remove')}
            </button>
          )}
          {p.followId ? (
            <button type="button" className="button button-secondary" aria-disabled={busy}
              onClick={() => run(() => networkApi.unfollow(p.followId!), t('network.unfollowed', { name: p.name }))}>
              {t('network.unfollow')}
            </button>
          ) : (
            <button type="button" className="button button-secondary" aria-disabled={busy} onClick={() => run(() => networkApi.follow({ handle: p.handle }))}>
              {t('network.follow')}
            </button>
          )}
          <button type="button" className="button button-danger-quiet" onClick={() => setStep('block')}>
            {t('network.block')}
          </button>
        </div>
      )}
    </section>
  )
}
