import type { Static } from '@sinclair/typebox'
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { TALK } from '../../../../shared/src/api/limits.js'
import type { PostView } from '../../../../shared/src/api/talk.js'
import { isApiError } from '../../api/client.js'
import { formatDateTime } from '../../lib/dates.js'
import { clientFormError, focusFirstInvalid, type FormError } from '../../lib/problem.js'
import { relativeTime } from '../../lib/relative-time.js'
import { draftFieldErrors, emptyDraft } from '../../talk/drafts.js'
import type { OutboxItem } from '../../talk/outbox.js'
import type { ReactionTarget } from '../../talk/runtime.js'
import { useDraft } from '../../talk/use-draft.js'
import { TextArea, TextField } from '../Field.js'
import { ConfirmBox } from '../ConfirmBox.js'
import { FormAlert } from '../FormAlert.js'
import { authorText } from './author.js'
import { DetailWarnings } from './DetailWarnings.js'
import { Markdown } from './Markdown.js'
import { OutboxStatus } from './OutboxStatus.js'
import { copyText, postUrl } from './thread/copy-link.js'
import { ImageGallery } from './thread/ImageGallery.js'
import { LocalImages } from './thread/LocalImages.js'
import { ModerationNotice } from './thread/ModerationNotice.js'
import { ReportButton } from './thread/ReportButton.js'
import { VoteButtons } from './thread/VoteButtons.js'
import { WriteRefusedError } from '../../talk/errors.js'
import { writeError } from './write-error.js'

export type Post = Static<typeof PostView>

export interface PostActions {
  edit(post: Post, title: string, body: string): Promise<void>
  remove(post: Post): Promise<void>
  reload(): void
  /** "Quote": start a reply with the post's first lines. */
  quote?(post: Post): void
  /** Says something in the page's live region ("Link copied"). */
  announce?(message: string): void
}

/**
 * One post: its body in Work Talk's Markdown subset, its images, its score with the vote buttons,
 * Quote and Copy link. Posts written by this browser's key for the thread get Edit and Delete
 * (and no vote buttons), signed with that key for the post's current revision — the server knows
 * no account to check instead. An edit or deletion of ours on its way (`change`) is shown at once,
 * marked, until the thread is read again; meanwhile the post takes no other change. A held, hidden
 * or removed post shows why in its place (ModerationNotice: with Appeal when it is ours); every
 * other post not written here can be reported (ReportButton).
 */
export function PostItem({ post, opening, target, threadTitle, mine, change, local, heldText, actions, score, children }: {
  post: Post
  opening: boolean
  /** Its thread, and how this browser recognises it opened it (votes are signed with the thread's key). */
  target: ReactionTarget
  threadTitle: string
  mine: boolean
  change?: OutboxItem | undefined
  /** A reply of ours shown from its local copy (stored, not read back yet): its state line. */
  local?: OutboxItem | undefined
  /** Ours and held by a check: what we wrote, as this browser's outbox kept it (the server sends no body), so Edit starts from it. */
  heldText?: string | undefined
  actions: PostActions
  /** The score as last heard (a live update since the thread was read), else the post's own. */
  score?: number | undefined
  /** Shown under the body (the opening post's poll). */
  children?: ReactNode
}) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view')
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState(false)
  const editRef = useRef<HTMLButtonElement>(null)
  const label = authorText(t, lang, post.author, post.authorLabel, post.authorKey)
  // A local copy has no tag from the server yet (#2, #3…): it shows as "you".
  const tag = post.authorTag === 'OP' ? t('talk.thread.op') : post.authorTag || t('talk.thread.you')
  // A stored change is known (its revision too): the next one may follow before the thread is read again.
  const changing = change && change.state !== 'failed' && change.state !== 'stored'
  const applied = change && change.state !== 'failed' ? change : undefined
  const deleted = post.deleted || applied?.kind === 'delete'
  const body = applied?.kind === 'edit' ? applied.body : post.body
  // Moderated, and no edit of ours on its way over it (an edit may take a held detail out).
  const moderation = !deleted && applied?.kind !== 'edit' ? post.moderation : null
  // A held post's author may still edit it (that is how it gets published); a hidden or removed one takes no change.
  const changeable = mine && !changing && (!moderation || moderation.state === 'held')
  async function copyLink() {
    const url = postUrl(target.threadId, post.id)
    const ok = await copyText(url)
    actions.announce?.(ok ? t('talk.thread.linkCopied') : t('talk.thread.linkNotCopied', { url }))
  }

  function back() {
    setMode('view')
    setError(null)
    requestAnimationFrame(() => editRef.current?.focus())
  }

  async function remove() {
    if (busy) return
    setBusy(true)
    try {
      await actions.remove(post)
      setMode('view')
    } catch (err) {
      setError(writeError(t, err, () => false))
    } finally {
      setBusy(false)
    }
  }

  return (
    <li className="post">
      <article id={`post-${post.id}`} tabIndex={-1} aria-label={t('talk.thread.postBy', { label, tag })}>
        <header className="post-head">
          <span className="author-label">{label}</span>
          <span className={post.authorTag === 'OP' ? 'badge post-tag post-tag-op' : 'badge post-tag'}>{tag}</span>
          {mine && <span className="badge badge-former">{t('talk.thread.you')}</span>}
          <time dateTime={post.createdAt} title={formatDateTime(post.createdAt, lang)} className="muted small">
            {relativeTime(t, post.createdAt, lang)}
          </time>
          {post.editedAt && !deleted && (
            <span className="muted small edited" title={t('talk.thread.editedAt', { time: formatDateTime(post.editedAt, lang) })}>
              · {t('talk.thread.edited')}
            </span>
          )}
        </header>
        {deleted ? (
          <p className="muted post-deleted">{t('talk.thread.deleted')}</p>
        ) : mode === 'edit' ? (
          <EditForm post={{ ...post, body: body || (moderation?.state === 'held' ? (heldText ?? '') : '') }} opening={opening} threadTitle={threadTitle} actions={actions} onDone={back} />
        ) : moderation ? (
          <ModerationNotice moderation={moderation} post={post} target={target} mine={mine} />
        ) : (
          <Markdown text={body} className="post-body markdown" />
        )}
        {!deleted && !moderation && <ImageGallery images={post.images} label={label} />}
        {!deleted && !moderation && !post.images.length && local?.imageRefs && <LocalImages refs={local.imageRefs} />}
        {!deleted && !moderation && children}
        {change ? <OutboxStatus item={change} /> : local && <OutboxStatus item={local} />}
        {!deleted && mode === 'view' && (
          <div className="post-foot">
            {moderation ? <span /> : (
              <VoteButtons target={target} postId={post.id} score={score ?? post.score}
                ups={score === undefined || score === post.score ? post.ups : undefined} downs={score === undefined || score === post.score ? post.downs : undefined} own={mine} />
            )}
            <div className="post-actions">
              {actions.quote && !moderation && (
                <button type="button" className="button button-link" onClick={() => actions.quote?.({ ...post, body })}>
                  {t('talk.thread.quote')}
                </button>
              )}
              <button type="button" className="button button-link" onClick={() => void copyLink()}>
                {t('talk.thread.copyLink')}
              </button>
              {!mine && !moderation && <ReportButton target={target} postId={post.id} />}
              {changeable && (
                <>
                  <button ref={editRef} type="button" className="button button-quiet" onClick={() => setMode('edit')}>
                    {t('talk.thread.edit')}
                  </button>
                  <button type="button" className="button button-danger-quiet" onClick={() => setMode('delete')}>
                    {t('talk.thread.delete')}
                  </button>
                </>
              )}
            </div>
          </div>
        )}
        {mode === 'delete' && (
          <ConfirmBox id={`delete-${post.id}`} question={t('talk.thread.deleteQuestion')} confirmLabel={t('talk.thread.deleteConfirm')}
            busyLabel={t('talk.thread.deleting')} busy={busy} cancelLabel={t('talk.thread.cancel')} onCancel={back} onConfirm={() => void remove()}>
            <FormAlert error={error} />
          </ConfirmBox>
        )}
      </article>
    </li>
  )
}

/** The edit form; its text is kept as a draft ("edit:<postId>") until saved or cancelled. */
function EditForm({ post, opening, threadTitle, actions, onDone }: {
  post: Post
  opening: boolean
  threadTitle: string
  actions: PostActions
  onDone: () => void
}) {
  const { t } = useTranslation()
  const scope = `edit:${post.id}`
  const { draft, update, reset, loaded } = useDraft(scope, () => ({ ...emptyDraft(), title: opening ? threadTitle : '', body: post.body }))
  const [error, setError] = useState<FormError | null>(null)
  const [conflict, setConflict] = useState(false)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const id = `edit-${post.id}`

  useEffect(() => {
    if (loaded) requestAnimationFrame(() => document.getElementById(`${id}-${opening ? 'title' : 'body'}`)?.focus())
  }, [id, opening, loaded])

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const invalid = clientFormError(t, draftFieldErrors(t, draft, opening))
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    setBusy(true)
    try {
      await actions.edit(post, opening ? draft.title : '', draft.body)
      await reset()
      onDone()
    } catch (err) {
      const code = err instanceof WriteRefusedError ? err.code : isApiError(err) ? err.code : ''
      setConflict(code === 'revision_conflict')
      setError(writeError(t, err, (p) => p === '/title' || p === '/body'))
    } finally {
      setBusy(false)
    }
  }

  async function cancel() {
    await reset()
    onDone()
  }

  if (!loaded) return null
  return (
    <form ref={formRef} className="edit-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('talk.thread.editTitle')}>
      <FormAlert error={error} />
      {conflict && (
        <p>
          <button type="button" className="button button-secondary" onClick={actions.reload}>
            {t('talk.thread.reload')}
          </button>
        </p>
      )}
      {opening && (
        <TextField id={`${id}-title`} label={t('talk.composer.title')} value={draft.title} maxLength={TALK.titleLength}
          onChange={(e) => update({ title: e.target.value })} error={error?.fields['/title']} />
      )}
      <TextArea id={`${id}-body`} label={opening ? t('talk.composer.body') : t('talk.composer.replyBody')} value={draft.body} maxLength={TALK.bodyLength} rows={5}
        onChange={(e) => update({ body: e.target.value })} error={error?.fields['/body']} />
      <DetailWarnings id={`${id}-warnings`} texts={[opening ? draft.title : '', draft.body]} />
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? t('talk.thread.saving') : t('talk.thread.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void cancel()}>
          {t('talk.thread.cancel')}
        </button>
      </div>
    </form>
  )
}
