import type { TFunction } from 'i18next'
import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { TALK_FORUM } from '../../../../shared/src/api/limits.js'
import type { TalkChannel } from '../../../../shared/src/api/talk.js'
import { isApiError } from '../../api/client.js'
import { talkApi } from '../../api/talk.js'
import { TextField } from '../../components/Field.js'
import { FormAlert, StatusMessage } from '../../components/FormAlert.js'
import { RetryAlert } from '../../components/LoadFailed.js'
import { Loading } from '../../components/Loading.js'
import { VerifyFirst } from '../../components/talk/VerifyFirst.js'
import { clientFormError, errorMessage, toFormError, type FieldErrors, type FormError } from '../../lib/problem.js'
import { usePageTitle } from '../../lib/use-page-title.js'
import { isBlank } from '../../lib/validation.js'
import { useSession } from '../../session/session-context.js'
import { isVerified } from '../../talk/voices.js'

type Topic = Omit<TalkChannel, 'board'>
type State = { kind: 'loading' } | { kind: 'ok'; channels: Topic[] } | { kind: 'error'; message: string }

const SLUG = new RegExp(TALK_FORUM.channelSlugPattern)

/** The checks the server makes too, so a mistake is shown before anything is sent. */
function nameErrors(t: TFunction, names: { nameEn: string; nameZh: string }): FieldErrors {
  const fields: FieldErrors = {}
  if (isBlank(names.nameEn)) fields['/nameEn'] = t('validation.required')
  if (isBlank(names.nameZh)) fields['/nameZh'] = t('validation.required')
  return fields
}

/**
 * Rendered inside <RequireAuth>: admins manage Work Talk's topic channels — add one (names in
 * English and Simplified Chinese), rename it, move it, archive it (its threads stay readable) or
 * bring it back. Company boards are not here: they follow the companies.
 */
export default function TalkChannels() {
  const { t } = useTranslation()
  const { me } = useSession()
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const [notice, setNotice] = useState<string | null>(null)
  usePageTitle(t('talk.channelsAdmin.title'))
  const admin = me?.role === 'admin'

  useEffect(() => {
    if (!admin || !isVerified(me)) return
    let live = true
    talkApi.channels().then(
      ({ channels }) => live && setState({ kind: 'ok', channels: channels.filter((c) => c.kind !== 'board') }),
      (err: unknown) => live && setState({ kind: 'error', message: errorMessage(t, err) }),
    )
    return () => {
      live = false
    }
  }, [admin, me, attempt, t])

  if (!admin) {
    return (
      <section className="card narrow" aria-labelledby="ca-only">
        <h1 id="ca-only">{t('talk.channelsAdmin.onlyTitle')}</h1>
        <p>{t('talk.channelsAdmin.onlyBody')}</p>
        <Link to="/talk">{t('talk.thread.back')}</Link>
      </section>
    )
  }
  // Listing the channels is a verified member's read, like Work Talk itself.
  if (!isVerified(me)) return <VerifyFirst />
  const reload = (message: string) => {
    setNotice(message)
    setAttempt((a) => a + 1)
  }

  return (
    <div className="talk talk-channels-admin">
      <p className="breadcrumb">
        <Link to="/talk">{t('talk.thread.back')}</Link>
      </p>
      <h1>{t('talk.channelsAdmin.title')}</h1>
      <p className="lead">{t('talk.channelsAdmin.intro')}</p>
      <StatusMessage message={notice} className="notice" />
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.kind === 'ok' && (
        <ul className="plain-list channel-admin-list" aria-label={t('talk.channelsAdmin.listLabel')}>
          {state.channels.map((c) => (
            <ChannelRow key={`${c.slug}:${c.name.en}:${c.name.zh}:${c.archived}:${c.position}`} channel={c} onSaved={reload} />
          ))}
        </ul>
      )}
      <NewChannelForm onCreated={reload} />
    </div>
  )
}

/** One channel: its names and position, saved together; archive or restore on its own button. */
function ChannelRow({ channel, onSaved }: { channel: Topic; onSaved: (message: string) => void }) {
  const { t } = useTranslation()
  const [nameEn, setNameEn] = useState(channel.name.en)
  const [nameZh, setNameZh] = useState(channel.name.zh)
  const [position, setPosition] = useState(String(channel.position))
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState(false)
  const id = `ch-${channel.slug}`

  async function save(patch: { nameEn?: string; nameZh?: string; position?: number; archived?: boolean }, message: string) {
    if (busy) return
    setBusy(true)
    try {
      await talkApi.updateChannel(channel.slug, patch)
      setError(null)
      onSaved(message)
    } catch (err) {
      setError(toFormError(t, err, { knows: (p) => p === '/nameEn' || p === '/nameZh' || p === '/position' }))
    } finally {
      setBusy(false)
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault()
    const fields = nameErrors(t, { nameEn, nameZh })
    const pos = Number(position)
    if (!/^\d+$/.test(position.trim()) || pos > 1000) fields['/position'] = t('talk.channelsAdmin.positionRange')
    const invalid = clientFormError(t, fields)
    setError(invalid)
    if (invalid) return
    void save({ nameEn: nameEn.trim(), nameZh: nameZh.trim(), position: pos }, t('talk.channelsAdmin.saved', { name: nameEn.trim() }))
  }

  return (
    <li className={channel.archived ? 'card channel-admin archived' : 'card channel-admin'} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {channel.name.en} <span className="muted">/{channel.slug}</span>
        {channel.kind === 'open' && <span className="badge">{t('talk.channelsAdmin.open')}</span>}
        {channel.archived && <span className="badge">{t('talk.channelsAdmin.archived')}</span>}
      </h2>
      <form onSubmit={onSubmit} noValidate>
        <FormAlert error={error} />
        <div className="field-row">
          <TextField id={`${id}-en`} label={t('talk.channelsAdmin.nameEn')} value={nameEn} maxLength={TALK_FORUM.channelNameLength}
            onChange={(e) => setNameEn(e.target.value)} error={error?.fields['/nameEn']} />
          <TextField id={`${id}-zh`} label={t('talk.channelsAdmin.nameZh')} value={nameZh} maxLength={TALK_FORUM.channelNameLength} lang="zh-CN"
            onChange={(e) => setNameZh(e.target.value)} error={error?.fields['/nameZh']} />
          <TextField id={`${id}-pos`} label={t('talk.channelsAdmin.position')} value={position} inputMode="numeric"
            onChange={(e) => setPosition(e.target.value)} error={error?.fields['/position']} />
        </div>
        <div className="save-row">
          <button type="submit" className="button button-primary" disabled={busy}>{t('talk.channelsAdmin.save')}</button>
          {channel.kind !== 'open' && (
            <button type="button" className="button button-secondary" disabled={busy}
              onClick={() => void save({ archived: !channel.archived }, t(channel.archived ? 'talk.channelsAdmin.restored' : 'talk.channelsAdmin.archivedDone', { name: channel.name.en }))}>
              {channel.archived ? t('talk.channelsAdmin.restore') : t('talk.channelsAdmin.archive')}
            </button>
          )}
        </div>
      </form>
    </li>
  )
}

function NewChannelForm({ onCreated }: { onCreated: (message: string) => void }) {
  const { t } = useTranslation()
  const [slug, setSlug] = useState('')
  const [nameEn, setNameEn] = useState('')
  const [nameZh, setNameZh] = useState('')
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState(false)

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const fields = nameErrors(t, { nameEn, nameZh })
    if (!SLUG.test(slug)) fields['/slug'] = t('talk.channelsAdmin.slugRule')
    const invalid = clientFormError(t, fields)
    setError(invalid)
    if (invalid) return
    setBusy(true)
    try {
      await talkApi.createChannel({ slug, nameEn: nameEn.trim(), nameZh: nameZh.trim() })
      setSlug('')
      setNameEn('')
      setNameZh('')
      setError(null)
      onCreated(t('talk.channelsAdmin.created', { name: nameEn.trim() }))
    } catch (err) {
      setError(
        toFormError(t, err, {
          knows: (p) => p === '/slug' || p === '/nameEn' || p === '/nameZh',
          codeFields: { slug_taken: '/slug' },
          codeMessages: { slug_taken: t('talk.channelsAdmin.slugTaken') },
        }),
      )
      if (!isApiError(err)) console.warn(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="new-channel-title">
      <h2 id="new-channel-title">{t('talk.channelsAdmin.newTitle')}</h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormAlert error={error} />
        <TextField id="new-channel-slug" label={t('talk.channelsAdmin.slug')} hint={t('talk.channelsAdmin.slugRule')} value={slug} maxLength={64}
          onChange={(e) => setSlug(e.target.value.toLowerCase())} error={error?.fields['/slug']} autoComplete="off" />
        <TextField id="new-channel-en" label={t('talk.channelsAdmin.nameEn')} value={nameEn} maxLength={TALK_FORUM.channelNameLength}
          onChange={(e) => setNameEn(e.target.value)} error={error?.fields['/nameEn']} />
        <TextField id="new-channel-zh" label={t('talk.channelsAdmin.nameZh')} value={nameZh} maxLength={TALK_FORUM.channelNameLength} lang="zh-CN"
          onChange={(e) => setNameZh(e.target.value)} error={error?.fields['/nameZh']} />
        <button type="submit" className="button button-primary" disabled={busy}>{t('talk.channelsAdmin.create')}</button>
      </form>
    </section>
  )
}
