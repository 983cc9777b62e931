import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { TALK } from '../../../../shared/src/api/limits.js'
import { formatClockTime } from '../../lib/clock-time.js'
import { clientFormError, focusFirstInvalid, type FormError } from '../../lib/problem.js'
import { draftFieldErrors, emptyDraft, type Draft } from '../../talk/drafts.js'
import type { LabelLock } from '../../talk/label-lock.js'
import type { OutboxItem } from '../../talk/outbox.js'
import { useTalkRuntime, useTalkState } from '../../talk/talk-context.js'
import { useDraft } from '../../talk/use-draft.js'
import { findVoice, labelChoices, payingVoice, type Voice } from '../../talk/voices.js'
import { SelectField, TextArea, TextField } from '../Field.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'
import { Loading } from '../Loading.js'
import { aliasFor } from './author.js'
import { DetailWarnings } from './DetailWarnings.js'
import { LabelChoice } from './LabelChoice.js'
import { outboxLine } from './OutboxStatus.js'
import { ProtectionNote } from './ProtectionNote.js'
import { TokenStatus } from './TokenStatus.js'
import { writeError } from './write-error.js'

const DELAYS = [
  { minutes: 0, key: 'now' },
  { minutes: 10, key: 'within10' },
  { minutes: 60, key: 'within60' },
] as const

/** A thread being replied to: how this browser recognises it opened it (DESIGN §3). */
export interface ReplyTarget {
  threadId: string
  openingKey?: string | undefined
  openerNonce?: string | null | undefined
}

/**
 * The composer for a new thread (`target` null) or a reply. The draft lives in IndexedDB; it is
 * cleared once the post is in the outbox, which keeps it until the server stored it (and puts the
 * text back into the draft if the server refuses it). Never fetches tokens: a post with only young
 * tokens, or none yet, waits in the outbox and says until when.
 */
export function Composer({ target, lock, onQueued }: {
  target: ReplyTarget | null
  lock: LabelLock | null
  onQueued: (item: OutboxItem) => void
}) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const runtime = useTalkRuntime()
  const state = useTalkState()
  const threadId = target?.threadId ?? null
  const kind = threadId ? 'reply' : 'thread'
  const id = threadId ? 'reply' : 'thread'
  const scope = threadId ? `reply:${threadId}` : 'new'
  const { draft, update, reset, loaded } = useDraft(scope, (): Draft => ({ ...emptyDraft(), ...(kind === 'thread' && { nonce: runtime?.identity.newNonce() }) }))
  const [error, setError] = useState<FormError | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [alias, setAlias] = useState<string | null>(null)
  const formRef = useRef<HTMLFormElement>(null)

  // The label lock decides the voice; otherwise the member's choice (or the first voice).
  const lockedVoice = lock?.label === 'company' && lock.voiceId ? findVoice(state.voices, state.shared, lock.voiceId) : undefined
  const voices: Voice[] = lockedVoice ? [lockedVoice] : labelChoices(state.voices, state.shared)
  const voice = lockedVoice ?? voices.find((v) => v.id === draft.voiceId) ?? voices[0]
  const label = lock ? lock.label : draft.label
  const blocked = lock?.label === 'company' && lock.voiceId === null
  const paying = voice ? payingVoice({ label, voiceId: voice.id }, state.voices, state.shared) : null
  const payingKey = voice && runtime ? runtime.payingKey({ label, voiceId: voice.id }) : null
  const wallet = paying ? state.tokens[paying.id] : undefined

  // The alias this post would show: from the opener key (new thread) or this thread's key.
  useEffect(() => {
    if (!runtime) return
    let alive = true
    const identity = target
      ? runtime.identity.postingIdentity(target.threadId, { openingKey: target.openingKey, openerNonce: target.openerNonce })
      : draft.nonce ? runtime.identity.openerIdentity(draft.nonce) : null
    void identity?.then((i) => alive && setAlias(aliasFor(i.publicKey, lang))).catch(() => undefined)
    return () => {
      alive = false
    }
  }, [runtime, target, draft.nonce, lang])

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy || !runtime || !voice || blocked) return
    setStatus(null)
    const invalid = clientFormError(t, draftFieldErrors(t, draft, kind === 'thread'))
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    setBusy(true)
    try {
      const item = await runtime.publish(
        {
          kind,
          threadId,
          openingKey: target?.openingKey,
          openerNonce: target?.openerNonce,
          title: kind === 'thread' ? draft.title : '',
          body: draft.body,
          label,
          channel: kind === 'thread' ? draft.channel : undefined,
          voiceId: voice.id,
          nonce: draft.nonce,
        },
        draft.delay,
      )
      await reset()
      setStatus(item.state === 'stored' && kind === 'reply' ? t('talk.composer.replied') : outboxLine(t, lang, item, false))
      onQueued(item)
    } catch (err) {
      setError(writeError(t, err, (p) => p === '/title' || p === '/body'))
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  if (!voice) return <TokenStatus />
  if (!loaded) return <Loading />
  const minAge = state.minTokenAgeS * 1000
  const young = wallet?.readyAt != null && wallet.readyAt > Date.now()
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
      <LabelChoice id={`${id}-as`} voices={voices} voiceId={voice.id} label={label} alias={alias} lock={lock}
        sharedHint={state.voices.some((v) => v.kind === 'professional')}
        setSize={payingKey?.anonymitySet ?? null} onChange={(v) => update(v)} />
      <SelectField id={`${id}-when`} label={t('talk.composer.when')} value={String(draft.delay)} hint={t('talk.composer.whenHint')}
        onChange={(e) => update({ delay: Number(e.target.value) })}>
        {DELAYS.map((d) => (
          <option key={d.minutes} value={d.minutes}>{t(`talk.composer.${d.key}`)}</option>
        ))}
      </SelectField>
      {young && wallet?.readyAt != null && (
        <p className="hint age-note">
          {t('talk.composer.ageNote', { from: formatClockTime(wallet.readyAt, lang), to: formatClockTime(wallet.readyAt + 3 * minAge, lang) })}
        </p>
      )}
      {!wallet?.held && state.phase === 'ready' && <p className="hint age-note">{t('talk.composer.noTokensYet')}</p>}
      {(draft.delay > 0 || young || !wallet?.held) && <p className="keep-open">{t('talk.composer.keepOpen')}</p>}
      <TokenStatus scope={paying?.id} />
      {state.paused && <p className="alert alert-error">{t('talk.keys.pausedShort')}</p>}
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy || blocked || !!state.paused}>
          {busy ? t('talk.composer.posting') : submitText}
        </button>
        <p className="hint draft-note">{t('talk.composer.saved')}</p>
      </div>
      <StatusMessage message={status} className="status-success" />
      <ProtectionNote id={`${id}-protects`} />
    </form>
  )
}
