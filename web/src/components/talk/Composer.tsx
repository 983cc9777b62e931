import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { TALK } from '../../../../shared/src/api/limits.js'
import { formatClockTime } from '../../lib/clock-time.js'
import { clientFormError, focusFirstInvalid, type FormError } from '../../lib/problem.js'
import { draftFieldErrors, draftScopeOf, emptyDraft, type Draft } from '../../talk/drafts.js'
import type { LabelLock } from '../../talk/label-lock.js'
import type { OutboxItem } from '../../talk/outbox.js'
import { channelName, useChannels } from '../../talk/channels.js'
import { useTalkRuntime, useTalkState } from '../../talk/talk-context.js'
import { useDraft } from '../../talk/use-draft.js'
import { findVoice, labelChoices, payingVoice, type Voice } from '../../talk/voices.js'
import { SelectField, TextArea, TextField } from '../Field.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'
import { Loading } from '../Loading.js'
import { aliasFor, voiceLabel } from './author.js'
import { DetailWarnings } from './DetailWarnings.js'
import { LabelChoice } from './LabelChoice.js'
import { outboxLine } from './OutboxStatus.js'
import { ProtectionNote } from './ProtectionNote.js'
import { ImagePicker } from './thread/ImagePicker.js'
import { PollEditor } from './thread/PollEditor.js'
import { composeError } from './thread/compose-error.js'
import { emptyPoll, pollFieldErrors, pollFromDraft, pollPointer, pollToDraft, type PollDraft } from './thread/poll-input.js'
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
  /** The thread's channel: a company board's replies are paid for with that company's own key. */
  channel?: string | undefined
}

/** Text to add to the reply box (a quoted post); a new `seq` adds it again. */
export interface ComposerInsert {
  text: string
  seq: number
}

/**
 * The composer for a new thread (`target` null) or a reply. The draft lives in IndexedDB; it is
 * cleared once the post is in the outbox, which keeps it until the server stored it (and puts the
 * text back into the draft if the server refuses it). Never fetches tokens: a post with only young
 * tokens, or none yet, waits in the outbox and says until when. A new thread may carry a poll;
 * any post up to four images (checked here, uploaded with the post by the outbox). `compact`
 * (a phone's reply form): a short text box, the label and timing folded under one line that
 * says what they are, and the privacy note folded once read.
 */
export function Composer({ target, lock, onQueued, insert = null, compact = false, initialChannel }: {
  target: ReplyTarget | null
  lock: LabelLock | null
  onQueued: (item: OutboxItem) => void
  insert?: ComposerInsert | null
  compact?: boolean
  /** A new thread: the channel to preselect ("New thread" from a channel's or a board's list). */
  initialChannel?: string | null | undefined
}) {
  const { t, i18n } = useTranslation()
  // Where a new thread may go: not an archived channel, not a board that does not exist yet.
  const writable = useChannels().channels.filter((c) => !c.archived && (c.kind !== 'board' || c.board?.available))
  const lang = i18n.resolvedLanguage ?? 'en'
  const runtime = useTalkRuntime()
  const state = useTalkState()
  const threadId = target?.threadId ?? null
  const kind = threadId ? 'reply' : 'thread'
  const id = threadId ? 'reply' : 'thread'
  const scope = threadId ? `reply:${threadId}` : 'new'
  const { draft, update, reset, loaded, saved } = useDraft(scope, (): Draft => ({ ...emptyDraft(), ...(kind === 'thread' && { nonce: runtime?.identity.newNonce() }) }))
  const [error, setError] = useState<FormError | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  // The post just queued from here: its line follows it ("Publishing…", then "Your reply is posted.").
  const [queued, setQueued] = useState<string | null>(null)
  const sawQueued = useRef(false)
  const [busy, setBusy] = useState(false)
  const [alias, setAlias] = useState<string | null>(null)
  // Picked images, and those a refused or taken-back post gave back to the draft (`ref`: where the outbox keeps them).
  const [images, setImages] = useState<{ blob: Blob; ref?: string }[]>([])
  // The poll lives in the draft, and so do picked images (their refs): both survive a reload.
  const poll = kind === 'thread' ? pollFromDraft(draft.poll) : null
  const setPoll = (next: PollDraft | null) => update({ poll: next ? pollToDraft(next) : undefined })
  const formRef = useRef<HTMLFormElement>(null)
  const compactForm = compact && kind === 'reply'

  // The label lock decides the voice; otherwise the member's choice (or the first voice).
  const lockedVoice = lock?.label === 'company' && lock.voiceId ? findVoice(state.voices, state.shared, lock.voiceId) : undefined
  const voices: Voice[] = lockedVoice ? [lockedVoice] : labelChoices(state.voices, state.shared)
  const voice = lockedVoice ?? voices.find((v) => v.id === draft.voiceId) ?? voices[0]
  const label = lock ? lock.label : draft.label
  const blocked = lock?.label === 'company' && lock.voiceId === null
  // Where it goes decides the key that pays too (a company board takes its company's key).
  const channel = kind === 'thread' ? draft.channel : target?.channel
  const paying = voice ? payingVoice({ label, voiceId: voice.id, channel }, state.voices, state.shared) : null
  const payingKey = voice && runtime ? runtime.payingKey({ label, voiceId: voice.id, channel }) : null
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

  // Opened from a channel's list: that channel is chosen, once the draft and the channels are in.
  const preselected = useRef(false)
  const canPreselect = !!initialChannel && writable.some((c) => c.slug === initialChannel)
  useEffect(() => {
    if (kind !== 'thread' || !loaded || !canPreselect || preselected.current) return
    preselected.current = true
    if (draft.channel !== initialChannel) update({ channel: initialChannel! })
  }, [kind, loaded, canPreselect, initialChannel, draft.channel, update])

  // "Quote": the quoted lines go after what is written already, and the box takes the focus.
  const inserted = useRef(0)
  useEffect(() => {
    if (!insert || !loaded || insert.seq === inserted.current) return
    inserted.current = insert.seq
    const body = draft.body.trim() ? `${draft.body.replace(/\s+$/, '')}\n\n${insert.text}` : insert.text
    update({ body })
    requestAnimationFrame(() => {
      const area = document.getElementById(`${id}-body`) as HTMLTextAreaElement | null
      if (!area) return
      area.focus()
      area.setSelectionRange(body.length, body.length)
      area.scrollIntoView({ block: 'center' })
    })
  }, [insert, loaded, draft.body, update, id])

  // Images given back to the draft: shown again, and sent again with the post.
  const refs = draft.images?.join('\n') ?? ''
  useEffect(() => {
    if (!runtime || !loaded || !refs) return
    let alive = true
    const wanted = refs.split('\n')
    void Promise.all(wanted.map(async (ref) => ({ ref, blob: await runtime.image(ref) }))).then((found) => {
      if (!alive) return
      setImages((cur) => {
        const have = new Set(cur.map((i) => i.ref))
        const back = found.filter((f): f is { ref: string; blob: Blob } => !!f.blob && !have.has(f.ref))
        return back.length ? [...cur, ...back] : cur
      })
    })
    return () => {
      alive = false
    }
  }, [runtime, loaded, refs])

  // Picked images are kept with the draft (a reload does not lose them); if the browser cannot
  // store them they stay in this page only, and the note under the form says so.
  async function addImages(files: readonly Blob[]) {
    let refs: (string | undefined)[] = files.map(() => undefined)
    try {
      if (runtime) refs = await runtime.keepDraftImages(files)
    } catch (e) {
      console.warn('Work Talk: picked images could not be kept with the draft', e)
    }
    setImages((cur) => [...cur, ...files.map((blob, i) => ({ blob, ...(refs[i] && { ref: refs[i] }) }))])
    const kept = refs.filter((r): r is string => r !== undefined)
    if (kept.length) update((d) => ({ images: [...(d.images ?? []), ...kept] }))
  }

  function removeImage(i: number) {
    const gone = images[i]
    setImages(images.filter((_, j) => j !== i))
    if (gone?.ref) update((d) => ({ images: (d.images ?? []).filter((r) => r !== gone.ref) }))
  }

  const knows = (p: string) => p === '/title' || p === '/body' || p === '/imageIds' || (!!poll && pollPointer(p, poll.options.length) === p)

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy || !runtime || !voice || blocked) return
    setStatus(null)
    const invalid = clientFormError(t, { ...draftFieldErrors(t, draft, kind === 'thread'), ...(poll && pollFieldErrors(t, poll)) })
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
          channel,
          voiceId: voice.id,
          nonce: draft.nonce,
          ...(images.length > 0 && { images: images.map((i) => i.blob) }),
          ...(poll && { poll: { ...pollToDraft(poll), options: poll.options.map((o) => o.trim()) } }),
        },
        draft.delay,
      )
      await reset()
      setImages([])
      setError(null)
      // An earlier attempt refused for good left its failure in the list; this one replaces it.
      for (const p of state.outbox) if (p.state === 'failed' && p.id !== item.id && draftScopeOf(p) === scope) void runtime.dismiss(p.id)
      setStatus(statusOf(item))
      setQueued(item.id)
      sawQueued.current = false
      onQueued(item)
    } catch (err) {
      setError(composeError(t, err) ?? writeError(t, err, knows))
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  function statusOf(item: OutboxItem): string {
    return item.state === 'stored' && kind === 'reply' ? t('talk.composer.replied') : outboxLine(t, lang, item, !!state.paused)
  }
  // The line says where the post is now; once the thread shows it (the item is gone), nothing.
  const queuedItem = queued ? state.outbox.find((p) => p.id === queued) : undefined
  if (queuedItem) sawQueued.current = true
  const shownStatus = status === null ? null : queuedItem ? statusOf(queuedItem) : sawQueued.current ? null : status

  if (!voice) return <TokenStatus />
  if (!loaded) return <Loading />
  const minAge = state.minTokenAgeS * 1000
  const young = wallet?.readyAt != null && wallet.readyAt > Date.now()
  const submitText = draft.delay > 0 ? t('talk.composer.schedule') : kind === 'thread' ? t('talk.composer.submitThread') : t('talk.composer.submitReply')
  const shown = label === 'alias' ? (alias ?? '…') : voiceLabel(t, voice)
  const whenText = t(`talk.composer.${DELAYS.find((d) => d.minutes === draft.delay)?.key ?? 'now'}`)

  const settings = (
    <>
      <LabelChoice id={`${id}-as`} voices={voices} voiceId={voice.id} label={label} alias={alias} lock={lock}
        sharedHint={state.voices.some((v) => v.kind === 'professional')}
        setSize={payingKey?.anonymitySet ?? null} onChange={(v) => update(v)} />
      <SelectField id={`${id}-when`} label={t('talk.composer.when')} value={String(draft.delay)} hint={t('talk.composer.whenHint')}
        onChange={(e) => update({ delay: Number(e.target.value) })}>
        {DELAYS.map((d) => (
          <option key={d.minutes} value={d.minutes}>{t(`talk.composer.${d.key}`)}</option>
        ))}
      </SelectField>
    </>
  )
  // Small groups are worth a look before every post: then the settings stay open on a phone too.
  const smallSet = (payingKey?.anonymitySet ?? Infinity) < 10
  return (
    <form ref={formRef} className={compactForm ? 'composer composer-compact' : 'composer'} onSubmit={(e) => void onSubmit(e)} noValidate>
      <FormAlert error={error} />
      {kind === 'thread' && (
        <TextField id={`${id}-title`} label={t('talk.composer.title')} value={draft.title} maxLength={TALK.titleLength} required
          onChange={(e) => update({ title: e.target.value })} error={error?.fields['/title']} />
      )}
      <TextArea id={`${id}-body`} label={kind === 'thread' ? t('talk.composer.body') : t('talk.composer.replyBody')} value={draft.body}
        maxLength={TALK.bodyLength} rows={kind === 'thread' ? 8 : compactForm ? 3 : 5} required
        hint={compactForm ? undefined : t('talk.composer.markdownHint')}
        onChange={(e) => { setStatus(null); update({ body: e.target.value }) }}
        error={error?.fields['/body']} />
      <DetailWarnings id={`${id}-warnings`} texts={[draft.title, draft.body]} />
      <ImagePicker id={id} images={images.map((i) => i.blob)} error={error?.fields['/imageIds']}
        onAdd={(files) => { setStatus(null); void addImages(files) }} onRemove={removeImage} />
      {kind === 'thread' && (poll ? (
        <PollEditor id={`${id}-poll`} poll={poll} errors={error?.fields ?? {}} onChange={setPoll}
          onRemove={() => { setPoll(null); requestAnimationFrame(() => document.getElementById(`${id}-poll-add`)?.focus()) }} />
      ) : (
        <p className="poll-add">
          <button id={`${id}-poll-add`} type="button" className="button button-secondary"
            onClick={() => { setPoll(emptyPoll()); requestAnimationFrame(() => document.getElementById(`${id}-poll-option-0`)?.focus()) }}>
            {t('talk.composer.poll.add')}
          </button>
        </p>
      ))}
      {kind === 'thread' && (
        <SelectField id={`${id}-channel`} label={t('talk.composer.channel')} value={draft.channel} onChange={(e) => update({ channel: e.target.value })}>
          {writable.map((c) => (
            <option key={c.slug} value={c.slug}>{channelName(c, i18n.language)}</option>
          ))}
        </SelectField>
      )}
      {compactForm ? (
        <details className="composer-settings" open={smallSet || !!lock || undefined}>
          <summary>{t('talk.composer.compactSummary', { label: shown, when: whenText })}</summary>
          {settings}
        </details>
      ) : settings}
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
        <p className="hint draft-note" data-saved={saved}>{images.some((i) => !i.ref) ? t('talk.composer.savedTextOnly') : t('talk.composer.saved')}</p>
      </div>
      <StatusMessage message={shownStatus} className={queuedItem?.state === 'failed' ? 'status-error' : 'status-success'} />
      <ProtectionNote id={`${id}-protects`} compact={compactForm} />
    </form>
  )
}
