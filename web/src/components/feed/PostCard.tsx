import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { FeedPost, ResharedPost } from '../../../../shared/src/api/feed.js'
import { FEED } from '../../../../shared/src/api/limits.js'
import { feedApi } from '../../api/feed.js'
import { relativeTime } from '../../lib/relative-time.js'
import { ConfirmBox } from '../ConfirmBox.js'
import { ModerationNotice } from '../moderation/ModerationNotice.js'
import { ReportDialog } from '../moderation/ReportDialog.js'
import { Markdown } from '../talk/Markdown.js'
import { Comments } from './Comments.js'
import { feedError } from './feed-error.js'

function PostHead({ post }: { post: ResharedPost }) {
  const { t, i18n } = useTranslation()
  return (
    <header className="feed-post-head">
      {post.author.avatarUrl ? <img src={post.author.avatarUrl} alt="" className="feed-avatar" width={40} height={40} /> : <span className="feed-avatar feed-avatar-empty" aria-hidden="true" />}
      <div className="feed-post-who">
        <Link to={`/in/${post.author.handle}`} className="item-name">
          {post.author.name}
        </Link>
        {post.author.headline && <span className="muted small feed-headline">{post.author.headline}</span>}
        <Link to={`/posts/${post.id}`} className="muted small">
          <time dateTime={post.createdAt}>{relativeTime(t, post.createdAt, i18n.language)}</time>
          {post.editedAt && ` · ${t('feed.edited')}`}
        </Link>
      </div>
    </header>
  )
}

function PostContent({ post }: { post: ResharedPost }) {
  const { t } = useTranslation()
  return (
    <>
      <ModerationNotice moderation={post.moderation} />
      {post.body.trim() && <Markdown text={post.body} className="markdown feed-post-body" />}
      {post.images.length > 0 && (
        <div className={`feed-images feed-images-${post.images.length}`}>
          {post.images.map((img, i) => (
            <a key={img.id} href={img.url} target="_blank" rel="noreferrer">
              <img src={img.url} width={img.width} height={img.height} loading="lazy" alt={t('feed.imageAlt', { n: i + 1, name: post.author.name })} />
            </a>
          ))}
        </div>
      )}
    </>
  )
}

/** One post of the feed, with its reshared original, its counts and what the viewer may do with it. */
export function PostCard({ post: initial, onDeleted, onReshared }: { post: FeedPost; onDeleted(id: string): void; onReshared?(post: FeedPost): void }) {
  const { t } = useTranslation()
  const [post, setPost] = useState(initial)
  const [showComments, setShowComments] = useState(false)
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(post.body)
  const [confirming, setConfirming] = useState(false)
  const [resharing, setResharing] = useState(false)
  const [reshareText, setReshareText] = useState('')
  const [error, setError] = useState<string | null>(null)

  const run = async (f: () => Promise<void>) => {
    setError(null)
    try {
      await f()
    } catch (err) {
      setError(feedError(t, err))
    }
  }
  const toggleLike = () =>
    run(async () => {
      const s = post.liked ? await feedApi.unlike(post.id) : await feedApi.like(post.id)
      setPost({ ...post, liked: s.liked, likeCount: s.likeCount })
    })
  const saveEdit = () =>
    run(async () => {
      setPost(await feedApi.edit(post.id, draft))
      setEditing(false)
    })
  const reshare = () =>
    run(async () => {
      const created = await feedApi.create(reshareText, { reshareOf: post.reshare?.available ? post.reshare.post.id : post.id })
      setResharing(false)
      setReshareText('')
      setPost({ ...post, reshareCount: post.reshare ? post.reshareCount : post.reshareCount + 1 })
      onReshared?.(created)
    })

  const titleId = `post-${post.id}-title`
  return (
    <article className="card feed-post" id={`post-${post.id}`} aria-labelledby={titleId}>
      <h3 id={titleId} className="visually-hidden">
        {post.reshare ? t('feed.reshareBy', { name: post.author.name }) : t('feed.postBy', { name: post.author.name })}
      </h3>
      <PostHead post={post} />
      {editing ? (
        <div className="feed-edit">
          <label htmlFor={`${post.id}-edit`} className="visually-hidden">
            {t('feed.editLabel')}
          </label>
          <textarea id={`${post.id}-edit`} rows={4} value={draft} maxLength={FEED.bodyLength} onChange={(e) => setDraft(e.target.value)} />
          <div className="feed-comment-row">
            <button type="button" className="button button-primary button-small" onClick={() => void saveEdit()}>
              {t('feed.save')}
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => { setEditing(false); setDraft(post.body) }}>
              {t('feed.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <PostContent post={post} />
      )}
      {post.reshare &&
        (post.reshare.available ? (
          <div className="feed-reshared">
            <PostHead post={post.reshare.post} />
            <PostContent post={post.reshare.post} />
          </div>
        ) : (
          <p className="feed-reshared muted">{t('feed.unavailable')}</p>
        ))}
      <p className="muted small feed-counts">
        {t('feed.likes', { count: post.likeCount })} · {t('feed.commentsCount', { count: post.commentCount })}
        {post.reshareCount > 0 && ` · ${t('feed.reshares', { count: post.reshareCount })}`}
      </p>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div className="feed-actions">
        <button type="button" className="button button-secondary button-small" aria-pressed={post.liked} onClick={() => void toggleLike()}>
          {post.liked ? t('feed.unlike') : t('feed.like')}
        </button>
        <button type="button" className="button button-secondary button-small" aria-expanded={showComments} onClick={() => setShowComments(!showComments)}>
          {t('feed.comment')}
        </button>
        {!(post.reshare && !post.reshare.available) && (
          <button type="button" className="button button-secondary button-small" aria-expanded={resharing} onClick={() => setResharing(!resharing)}>
            {t('feed.reshare')}
          </button>
        )}
        {post.mine && !editing && (
          <>
            <button type="button" className="button button-link" onClick={() => setEditing(true)}>
              {t('feed.edit')}
            </button>
            <button type="button" className="button button-link" onClick={() => setConfirming(true)}>
              {t('feed.delete')}
            </button>
          </>
        )}
        {!post.mine && !post.moderation && <ReportDialog targetType="feed_post" targetId={post.id} what={t('feed.postBy', { name: post.author.name })} />}
      </div>
      {confirming && (
        <ConfirmBox
          id={`delete-${post.id}`}
          question={t('feed.deleteQuestion')}
          confirmLabel={t('feed.delete')}
          cancelLabel={t('feed.cancel')}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void run(async () => {
            await feedApi.remove(post.id)
            onDeleted(post.id)
          })}
        />
      )}
      {resharing && (
        <div className="feed-reshare-form">
          <label htmlFor={`${post.id}-reshare`}>{t('feed.reshareLabel')}</label>
          <textarea id={`${post.id}-reshare`} rows={2} value={reshareText} maxLength={FEED.bodyLength} onChange={(e) => setReshareText(e.target.value)} />
          <div className="feed-comment-row">
            <button type="button" className="button button-primary button-small" onClick={() => void reshare()}>
              {t('feed.reshareSubmit')}
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => setResharing(false)}>
              {t('feed.cancel')}
            </button>
          </div>
        </div>
      )}
      {showComments && <Comments postId={post.id} onCount={(d) => setPost((p) => ({ ...p, commentCount: Math.max(0, p.commentCount + d) }))} />}
    </article>
  )
}
