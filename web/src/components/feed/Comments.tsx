import { Fragment, useEffect, useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { FeedComment } from '../../../../shared/src/api/feed.js'
import { FEED } from '../../../../shared/src/api/limits.js'
import { feedApi } from '../../api/feed.js'
import { relativeTime } from '../../lib/relative-time.js'
import { ConfirmBox } from '../ConfirmBox.js'
import { ModerationNotice } from '../moderation/ModerationNotice.js'
import { ReportDialog } from '../moderation/ReportDialog.js'
import { Markdown } from '../talk/Markdown.js'
import { feedError } from './feed-error.js'

/** A comment box: a new comment, a reply or an edit. */
function CommentForm({ label, initial = '', submitLabel, onSubmit, onCancel }: { label: string; initial?: string; submitLabel: string; onSubmit(body: string): Promise<void>; onCancel?(): void }) {
  const { t } = useTranslation()
  const id = useId()
  const [body, setBody] = useState(initial)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy || !body.trim()) return
    setBusy(true)
    setError(null)
    try {
      await onSubmit(body)
      setBody('')
    } catch (err) {
      setError(feedError(t, err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="feed-comment-form" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <textarea id={id} rows={2} value={body} maxLength={FEED.commentLength} placeholder={label} onChange={(e) => setBody(e.target.value)} />
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div className="feed-comment-row">
        <button type="submit" className="button button-primary button-small" aria-disabled={busy || !body.trim()}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button-secondary button-small" onClick={onCancel}>
            {t('feed.cancel')}
          </button>
        )}
      </div>
    </form>
  )
}

function CommentItem({ c, onReply, onChanged, onDeleted }: { c: FeedComment; onReply?(): void; onChanged(c: FeedComment): void; onDeleted(): void }) {
  const { t, i18n } = useTranslation()
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return (
    <li className="feed-comment" id={`comment-${c.id}`}>
      <p className="feed-comment-head">
        <Link to={`/in/${c.author.handle}`} className="item-name">
          {c.author.name}
        </Link>{' '}
        <span className="muted small">
          {relativeTime(t, c.createdAt, i18n.language)}
          {c.editedAt && ` · ${t('feed.edited')}`}
        </span>
      </p>
      {editing ? (
        <CommentForm
          label={t('feed.comments.editLabel')}
          initial={c.body}
          submitLabel={t('feed.save')}
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            onChanged(await feedApi.editComment(c.id, body))
            setEditing(false)
          }}
        />
      ) : c.moderation ? (
        <ModerationNotice moderation={c.moderation} />
      ) : (
        <Markdown text={c.body} className="markdown feed-comment-body" />
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {confirming ? (
        <ConfirmBox
          id={`delete-comment-${c.id}`}
          question={t('feed.comments.deleteQuestion')}
          confirmLabel={t('feed.delete')}
          cancelLabel={t('feed.cancel')}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            feedApi.removeComment(c.id).then(onDeleted, (err) => {
              setConfirming(false)
              setError(feedError(t, err))
            })
          }}
        />
      ) : (
        !editing && (
          <div className="feed-comment-actions">
            {onReply && (
              <button type="button" className="button button-link" onClick={onReply}>
                {t('feed.comments.reply')}
              </button>
            )}
            {c.mine && (
              <button type="button" className="button button-link" onClick={() => setEditing(true)}>
                {t('feed.edit')}
              </button>
            )}
            {c.canDelete && (
              <button type="button" className="button button-link" onClick={() => setConfirming(true)}>
                {t('feed.delete')}
              </button>
            )}
            {!c.mine && !c.moderation && <ReportDialog targetType="feed_comment" targetId={c.id} what={c.author.name} />}
          </div>
        )
      )}
    </li>
  )
}

/** A post's comments, replies under their comment, and a box to comment. `onCount` follows the post's count. */
export function Comments({ postId, onCount }: { postId: string; onCount(delta: number): void }) {
  const { t } = useTranslation()
  const [comments, setComments] = useState<FeedComment[] | null>(null)
  const [next, setNext] = useState<string | null>(null)
  const [replyTo, setReplyTo] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    feedApi.comments(postId).then(
      (p) => {
        setComments(p.comments)
        setNext(p.nextCursor)
      },
      (err) => setError(feedError(t, err)),
    )
  }, [postId, t])

  const more = async () => {
    const p = await feedApi.comments(postId, next)
    setComments([...(comments ?? []), ...p.comments])
    setNext(p.nextCursor)
  }
  const add = (c: FeedComment) => {
    setComments([...(comments ?? []), c])
    onCount(1)
  }
  const change = (c: FeedComment) => setComments((comments ?? []).map((x) => (x.id === c.id ? c : x)))
  const remove = (c: FeedComment) => {
    const gone = (comments ?? []).filter((x) => x.id === c.id || x.parentId === c.id)
    setComments((comments ?? []).filter((x) => !gone.includes(x)))
    onCount(-gone.length)
  }

  if (error) return <p className="alert alert-error">{error}</p>
  if (!comments) return <p className="muted small">{t('feed.loading')}</p>
  const top = comments.filter((c) => !c.parentId || !comments.some((p) => p.id === c.parentId))
  return (
    <section className="feed-comments" aria-label={t('feed.comments.title')}>
      <ul className="feed-comment-list">
        {top.map((parent) => {
          const replies = comments.filter((r) => r.parentId === parent.id)
          return (
            <Fragment key={parent.id}>
              <CommentItem c={parent} onReply={() => setReplyTo(parent.id)} onChanged={change} onDeleted={() => remove(parent)} />
              {(replies.length > 0 || replyTo === parent.id) && (
                <li className="feed-replies">
                  <ul className="feed-comment-list">
                    {replies.map((r) => (
                      <CommentItem key={r.id} c={r} onReply={() => setReplyTo(parent.id)} onChanged={change} onDeleted={() => remove(r)} />
                    ))}
                  </ul>
                  {replyTo === parent.id && (
                    <CommentForm
                      label={t('feed.comments.replyLabel', { name: parent.author.name })}
                      submitLabel={t('feed.comments.reply')}
                      onCancel={() => setReplyTo(null)}
                      onSubmit={async (body) => {
                        add(await feedApi.comment(postId, body, parent.id))
                        setReplyTo(null)
                      }}
                    />
                  )}
                </li>
              )}
            </Fragment>
          )
        })}
      </ul>
      {next && (
        <button type="button" className="button button-secondary button-small" onClick={() => void more()}>
          {t('feed.comments.more')}
        </button>
      )}
      <CommentForm label={t('feed.comments.label')} submitLabel={t('feed.comments.submit')} onSubmit={async (body) => add(await feedApi.comment(postId, body))} />
    </section>
  )
}
