import { type ReactNode, useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { Connection, Follow, Suggestion } from '../../../shared/src/api/network.js'
import { networkApi } from '../api/network.js'
import { ConfirmBox } from '../components/ConfirmBox.js'
import { StatusMessage } from '../components/FormAlert.js'
import { LoadFailed } from '../components/LoadFailed.js'
import { Loading } from '../components/Loading.js'
import { networkError } from '../components/network/network-error.js'
import { PersonRow } from '../components/network/PersonRow.js'
import { formatDay } from '../lib/dates.js'
import { usePageTitle } from '../lib/use-page-title.js'

interface Data {
  incoming: Connection[]
  outgoing: Connection[]
  connections: Connection[]
  connectionsCursor: string | null
  suggestions: Suggestion[]
  following: Follow[]
}

/** /network: invitations to answer, people you may know, connections, invitations sent, follows. Inside <RequireAuth>. */
export default function Network() {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  usePageTitle(t('network.title'))
  const [data, setData] = useState<Data | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [removing, setRemoving] = useState<string | null>(null)
  const [invited, setInvited] = useState<Set<string>>(new Set())

  const load = useCallback(async () => {
    try {
      const [incoming, outgoing, connections, suggestions, following] = await Promise.all([
        networkApi.list('incoming'),
        networkApi.list('outgoing'),
        networkApi.list('accepted'),
        networkApi.suggestions(),
        networkApi.follows(),
      ])
      setData({
        incoming: incoming.connections,
        outgoing: outgoing.connections,
        connections: connections.connections,
        connectionsCursor: connections.nextCursor,
        suggestions: suggestions.people,
        following: following.following,
      })
      setLoadError(null)
    } catch (err) {
      setLoadError(networkError(t, err))
    }
  }, [t])

  useEffect(() => {
    void load()
  }, [load])

  async function act(key: string, action: () => Promise<unknown>, done: string) {
    if (busy) return
    setBusy(key)
    setError(null)
    try {
      await action()
      setStatus(done)
      setRemoving(null)
      await load()
    } catch (err) {
      setError(networkError(t, err))
    } finally {
      setBusy(null)
    }
  }

  async function more() {
    if (!data?.connectionsCursor) return
    try {
      const page = await networkApi.list('accepted', data.connectionsCursor)
      setData({ ...data, connections: [...data.connections, ...page.connections], connectionsCursor: page.nextCursor })
    } catch (err) {
      setError(networkError(t, err))
    }
  }

  if (loadError && !data) return <LoadFailed message={loadError} onRetry={() => void load()} />
  if (!data) return <Loading />

  const section = (id: keyof Data & ('incoming' | 'suggestions' | 'connections' | 'outgoing' | 'following'), count: number, body: ReactNode) => (
    <section className="card network-section" aria-labelledby={`network-${id}`}>
      <h2 id={`network-${id}`}>
        {t(`network.sections.${id}`)} {count > 0 && <span className="count-pill">{count}</span>}
      </h2>
      {count === 0 ? <p className="muted">{t(`network.empty.${id}`)}</p> : <ul className="item-list">{body}</ul>}
    </section>
  )

  return (
    <div className="network-page">
      <h1>{t('network.title')}</h1>
      {error && (
        <p role="alert" className="alert alert-error">
          {error}
        </p>
      )}
      <StatusMessage message={status} className="notice" />

      {section(
        'incoming',
        data.incoming.length,
        data.incoming.map((c) => (
          <PersonRow key={c.id} person={c.person}
            actions={
              <>
                <button type="button" className="button button-primary" aria-disabled={busy !== null}
                  aria-label={`${t('network.accept')}: ${c.person.name}`}
                  onClick={() => act(c.id, () => networkApi.accept(c.id), t('network.accepted', { name: c.person.name }))}>
                  {t('network.accept')}
                </button>
                <button type="button" className="button button-secondary" aria-disabled={busy !== null}
                  aria-label={`${t('network.ignore')}: ${c.person.name}`}
                  onClick={() => act(c.id, () => networkApi.ignore(c.id), t('network.ignored', { name: c.person.name }))}>
                  {t('network.ignore')}
                </button>
              </>
            }>
            {c.note && <p className="invitation-note">{t('network.note', { note: c.note })}</p>}
          </PersonRow>
        )),
      )}

      {section(
        'suggestions',
        data.suggestions.length,
        data.suggestions.map((s) => {
          const reasons = [
            s.mutualCount > 0 && t('network.mutual', { count: s.mutualCount }),
            s.sharedSchools > 0 && t('network.reasons.schools', { count: s.sharedSchools }),
            s.sharedEmployers > 0 && t('network.reasons.employers', { count: s.sharedEmployers }),
          ].filter(Boolean)
          return (
            <PersonRow key={s.handle} person={s}
              actions={
                invited.has(s.handle) ? (
                  <span className="pending-pill">{t('network.pending')}</span>
                ) : (
                  <button type="button" className="button button-secondary" aria-disabled={busy !== null}
                    aria-label={t('network.connectWith', { name: s.name })}
                    onClick={() => act(s.handle, async () => {
                      await networkApi.invite(s.handle)
                      setInvited((x) => new Set(x).add(s.handle))
                    }, t('network.invited', { name: s.name }))}>
                    {t('network.connect')}
                  </button>
                )
              }>
              {reasons.length > 0 && <p className="muted small">{reasons.join(' · ')}</p>}
            </PersonRow>
          )
        }),
      )}

      {section(
        'connections',
        data.connections.length,
        <>
          {data.connections.map((c) => (
            <PersonRow key={c.id} person={c.person}
              actions={
                removing === c.id ? undefined : (
                  <button type="button" className="button button-quiet" aria-label={`${t('network.remove')}: ${c.person.name}`} onClick={() => setRemoving(c.id)}>
                    {t('network.remove')}
                  </button>
                )
              }>
              {removing === c.id && (
                <ConfirmBox id={`remove-${c.id}`} question={t('network.removeQuestion', { name: c.person.name })} confirmLabel={t('network.remove')}
                  cancelLabel={t('network.cancel')} busy={busy === c.id} onCancel={() => setRemoving(null)}
                  onConfirm={() => act(c.id, () => networkApi.remove(c.id), t('network.removed', { name: c.person.name }))} />
              )}
            </PersonRow>
          ))}
          {data.connectionsCursor && (
            <li>
              <button type="button" className="button button-secondary" onClick={() => void more()}>
                {t('network.loadMore')}
              </button>
            </li>
          )}
        </>,
      )}

      {section(
        'outgoing',
        data.outgoing.length,
        data.outgoing.map((c) => (
          <PersonRow key={c.id} person={c.person}
            actions={
              <button type="button" className="button button-secondary" aria-disabled={busy !== null}
                aria-label={`${t('network.withdraw')}: ${c.person.name}`}
                onClick={() => act(c.id, () => networkApi.remove(c.id), t('network.withdrawn'))}>
                {t('network.withdraw')}
              </button>
            }>
            <p className="muted small">{t('network.invitedOn', { date: formatDay(c.createdAt.slice(0, 10), lang) })}</p>
          </PersonRow>
        )),
      )}

      {section(
        'following',
        data.following.length,
        data.following.map((f) => (
          <li key={f.id} className="person-row">
            <div className="person-text">
              <Link to={f.kind === 'member' ? `/in/${f.target}` : `/companies/${f.target}`} className="item-name">
                {f.name}
              </Link>
            </div>
            <div className="person-actions">
              <button type="button" className="button button-quiet" aria-disabled={busy !== null}
                aria-label={`${t('network.unfollow')}: ${f.name}`}
                onClick={() => act(f.id, () => networkApi.unfollow(f.id), t('network.unfollowed', { name: f.name }))}>
                {t('network.unfollow')}
              </button>
            </div>
          </li>
        )),
      )}
    </div>
  )
}
