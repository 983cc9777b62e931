import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { TALK } from '../../../../shared/src/api/limits.js'
import { formatDateTime } from '../../lib/dates.js'
import { clientFormError, focusFirstInvalid, toFormError, type FormError } from '../../lib/problem.js'
import { draftFieldErrors, emptyDraft, type Draft } from '../../talk/drafts.js'
import { NoTokensError, NoVoiceError } from '../../talk/errors.js'
import { useTalkRuntime, useTalkState } from '../../talk/talk-context.js'
import { useDraft } from '../../talk/use-draft.js'
import { SelectField, TextArea, TextField } from '../Field.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'
import { Loading } from '../Loading.js'
import { DetailWarnings } from './DetailWarnings.js'
import { LabelChoice } from './LabelChoice.js'
import { ProtectionNote } from './ProtectionNote.js'
import { TokenStatus } from './TokenStatus.js'

const DELAYS = [
  { minutes: 0, key: 'now' },
  { minutes: 10, key: 'within10' },
  { minutes: 60, key: 'within60' },
] as const

export interface Published {
  threadId: string
  postId: string
}

/**
 * The composer for a new thread (`threadId` null) or a reply. The draft lives in IndexedDB; it is
 * cleared only after the server accepted the post (or the post was scheduled), so a failure keeps
 * every word. Never fetches tokens: an empty wallet is reported and refilled later.
 */
export function Composer({ threadId, openingKey, onPublished }: {
  threadId: string | null
  openingKey?: string | undefined
  onPublished: (p: Published) => void
}) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const runtime = useTalkRuntime()
  const state = useTalkState()
  const kind = threadId ? 'reply' : 'thread'
  const id = threadId ? 'reply' : 'thread'
  const scope = threadId ? `reply:${threadId}` : 'new'
  const { draft, update, reset, loaded } = useDraft(scope, (): Draft => ({ ...emptyDraft(), ...(kind === 'thread' && { nonce: runtime?.identity.newNonce() }) }))
  const [error, setError] = useState<FormError | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [alias, setAlias] = useState<string | null>(null)
  const formRef = useRef<HTMLFormElement>(null)

  const voices = state.voices
  const voice = voices.find((v) => v.id === draft.voiceId) ?? voices[0]

  // The alias this post would show: from the opener key (new thread) or this thread's key.
  useEffect(() => {
    if (!runtime) return
    let alive = true
    const identity = threadId ? runtime.identity.postingIdentity(threadId, openingKey) : draft.nonce ? runtime.identity.openerIdentity(draft.nonce) : null
    void identity?.then((i) => alive && setAlias(runtime.aliasOf(i.publicKey))).catch(() => undefined)
    return () => {
      alive = false
    }
  }, [runtime, threadId, openingKey, draft.nonce])

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy || !runtime || !voice) return
    setStatus(null)
    const invalid = clientFormError(t, draftFieldErrors(t, draft, kind === 'thread'))
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    setBusy(true)
    try {
      const result = await runtime.publish(
        {
          kind,
          threadId,
          openingKey,
          title: kind === 'thread' ? draft.title : '',
          body: draft.body,
          label: draft.label,
          channel: kind === 'thread' ? draft.channel : undefined,
          voiceId: voice.id,
          nonce: draft.nonce,
        },
        draft.delay,
      )
      await reset()
      if ('scheduled' in result) {
        setStatus(t('talk.composer.scheduled', { time: formatDateTime(new Date(result.scheduled.sendAt).toISOString(), lang) }))
      } else {
        if (kind === 'reply') setStatus(t('talk.composer.replied'))
        onPublished(result)
      }
    } catch (err) {
      if (err instanceof NoTokensError) setError({ message: t('talk.composer.noTokens'), fields: {}, extra: [] })
      else if (err instanceof NoVoiceError) setError({ message: t('talk.composer.noVoice'), fields: {}, extra: [] })
      else setError(toFormError(t, err, { knows: (p) => p === '/title' || p === '/body' }))
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  if (!voice) return <TokenStatus />
  if (!loaded) return <Loading />
  const submitText = draft.delay > 0 ? t('talk.composer.schedule') : kind === 'thread' ? t('talk.composer.submitThread') : t('talk.composer.submitReply')
  return (
    <form ref={formRef} className="composer" onSubmit={(e) => void onSubmit(e)} noValidate>
      <FormAlert error={error} />
      {kind === 'thread' && (
        <TextField id={`${id}-title`} label={t('talk.composer.title')} value={draft.title} maxLength={TALK.titleLength} required
          onChange={(e) => update({ title: e.target.value })} error={error?.fields['/title']} />
      )}
      <TextArea id={`${id}-body`} label={kind === 'thread' ? t('talk.composer.body') : t('talk.composer.replyBody')} value={draft.body}
        maxLength={TALK.bodyLength} rows={kind === 'thread' ? 8 : 5} required
        onChange={(e) => { setStatus(null); update({ body: e.target.value }) }}
        error={error?.fields['/body']} />
      <DetailWarnings id={`${id}-warnings`} texts={[draft.title, draft.body]} />
      {kind === 'thread' && (
        <SelectField id={`${id}-channel`} label={t('talk.composer.channel')} value={draft.channel} onChange={(e) => update({ channel: e.target.value })}>
          {TALK.channels.map((c) => (
            <option key={c} value={c}>{t(`talk.channels.${c}`)}</option>
          ))}
        </SelectField>
      )}
      <LabelChoice id={`${id}-as`} voices={voices} voiceId={voice.id} label={draft.label} alias={alias} onChange={(v) => update(v)} />
      <SelectField id={`${id}-when`} label={t('talk.composer.when')} value={String(draft.delay)} hint={t('talk.composer.whenHint')}
        onChange={(e) => update({ delay: Number(e.target.value) })}>
        {DELAYS.map((d) => (
          <option key={d.minutes} value={d.minutes}>{t(`talk.composer.${d.key}`)}</option>
        ))}
      </SelectField>
      {draft.delay > 0 && <p className="keep-open">{t('talk.composer.keepOpen')}</p>}
      <TokenStatus voiceId={voice.id} />
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? t('talk.composer.posting') : submitText}
        </button>
        <p className="hint draft-note">{t('talk.composer.saved')}</p>
      </div>
      <StatusMessage message={status} className="status-success" />
      <ProtectionNote id={`${id}-protects`} />
    </form>
  )
}
