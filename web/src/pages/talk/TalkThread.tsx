import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router-dom'
import { Loading } from '../../components/Loading.js'
import { RetryAlert } from '../../components/LoadFailed.js'
import { authorText } from '../../components/talk/author.js'
import { Composer } from '../../components/talk/Composer.js'
import { KeyWarning } from '../../components/talk/KeyWarning.js'
import { LocalPost, localAsPost } from '../../components/talk/LocalPost.js'
import { PostItem, type Post, type PostActions } from '../../components/talk/PostItem.js'
import { VerifyFirst } from '../../components/talk/VerifyFirst.js'
import { formatDateTime } from '../../lib/dates.js'
import { errorMessage } from '../../lib/problem.js'
import { usePageTitle } from '../../lib/use-page-title.js'
import { useSession } from '../../session/session-context.js'
import { labelLock } from '../../talk/label-lock.js'
import { useTalkRuntime, useTalkState } from '../../talk/talk-context.js'
import { changeOf, useThread } from '../../talk/use-thread.js'
import { findVoice, isVerified } from '../../talk/voices.js'

/** Rendered inside <RequireAuth>: one thread, oldest post first, with the reply composer. */
export default function TalkThread() {
  const { id = '' } = useParams()
  const { me } = useSession()
  const runtime = useTalkRuntime()
  if (!isVerified(me)) return <VerifyFirst />
  if (!runtime) return <Loading />
  return <ThreadView key={id} id={id} />
}

function ThreadView({ id }: { id: string }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const runtime = useTalkRuntime()!
  const { voices, shared } = useTalkState()
  const { detail, failure, local, ownThread, quietUntil, reload } = useThread(id)
  const [keys, setKeys] = useState<{ mine: Set<string>; posting: string; alias: string } | null>(null)
  const [openerKey, setOpenerKey] = useState<string | undefined>(undefined)

  const opening = detail?.posts[0]
  const openerNonce = detail?.thread.openerNonce ?? ownThread?.nonce ?? null
  // Our own thread not read yet: its opening key is the opener key of the draft's nonce.
  useEffect(() => {
    if (opening || !ownThread?.nonce) return
    void runtime.identity.openerIdentity(ownThread.nonce).then((i) => setOpenerKey(i.publicKey))
  }, [runtime, opening, ownThread?.nonce])
  // …or, before any read after a reload, the one our replies here were written against.
  const openingKey = opening?.authorKey ?? openerKey ?? local.find((p) => p.openingKey)?.openingKey

  // Which posts this browser wrote: its keys for this thread (the opener key if it opened it).
  useEffect(() => {
    let alive = true
    void runtime.identity.identities(id, { openingKey, openerNonce }).then((ids) => {
      if (alive) setKeys({ mine: new Set(ids.map((i) => i.publicKey)), posting: ids[0]!.publicKey, alias: runtime.aliasOf(ids[0]!.publicKey) })
    })
    return () => {
      alive = false
    }
  }, [runtime, id, openingKey, openerNonce])

  const posts = detail?.posts ?? []
  const lock = useMemo(
    () => labelLock({ posts, postingKey: keys?.posting, local: local.filter((p) => p.kind === 'reply' || p.kind === 'thread'), voices, shared }),
    [posts, keys?.posting, local, voices, shared],
  )
  const openingChange = opening ? changeOf(local, opening.id) : undefined
  const title = openingChange?.kind === 'edit' && openingChange.state !== 'failed' ? openingChange.title : (detail?.thread.title ?? ownThread?.title ?? '')
  usePageTitle(title || t('talk.title'))

  const target = useMemo(() => ({ threadId: id, openingKey, openerNonce }), [id, openingKey, openerNonce])
  const ownPost = (post: Post) => {
    const change = changeOf(local, post.id)
    const revision = change?.state === 'stored' ? Math.max(post.revision, (change.revision ?? 0) + 1) : post.revision
    return { id: post.id, authorKey: post.authorKey, revision, threadId: id, openingKey: openingKey ?? '', openerNonce }
  }
  const actions: PostActions = {
    edit: async (post, newTitle, body) => void (await runtime.edit(ownPost(post), newTitle, body)),
    remove: async (post) => void (await runtime.remove(ownPost(post))),
    reload: () => void reload(),
  }

  if (failure === 'not_verified') return <VerifyFirst />
  if (failure === 'not_found') {
    return (
      <section className="card soon" aria-labelledby="thread-missing">
        <h1 id="thread-missing">{t('talk.thread.notFoundTitle')}</h1>
        <p>{t('talk.thread.notFoundBody')}</p>
        <Link to="/talk">{t('talk.thread.back')}</Link>
      </section>
    )
  }
  if (failure) return <RetryAlert message={errorMessage(t, failure.message)} onRetry={() => void reload()} />
  const shownIds = new Set(posts.map((p) => p.id))
  const localPosts = local.filter((p) => (p.kind === 'reply' || (p.kind === 'thread' && !detail)) && !(p.postId && shownIds.has(p.postId)))
  // Not read yet (a reload within the quiet minute): only our own posts can be shown meanwhile.
  if (!detail && !ownThread && (!localPosts.length || !quietUntil)) {
    return quietUntil ? <p className="muted quiet-note" role="status">{t('talk.thread.quiet')}</p> : <Loading />
  }
  const channel = detail?.thread.channel ?? ownThread?.channel ?? 'general'
  const channelText = t(`talk.channels.${channel as 'general'}`, { defaultValue: channel })
  return (
    <div className="talk talk-thread">
      <p className="breadcrumb">
        <Link to="/talk">{t('talk.thread.back')}</Link>
      </p>
      <KeyWarning />
      <header className="thread-header">
        <h1>{title || <span className="muted">{detail ? t('talk.thread.untitled') : t('talk.title')}</span>}</h1>
        {detail && (
          <p className="thread-meta">
            <span className="author-label">{authorText(t, lang, detail.thread.author, detail.thread.authorLabel)}</span>
            <span className="channel-tag">{channelText}</span>
            <time dateTime={detail.thread.createdAt}>{formatDateTime(detail.thread.createdAt, lang)}</time>
          </p>
        )}
        {!detail && ownThread && <p className="thread-meta"><span className="channel-tag">{channelText}</span></p>}
      </header>
      {quietUntil > 0 && <p className="hint quiet-note">{detail || ownThread ? t('talk.thread.quietShort') : t('talk.thread.quiet')}</p>}
      <ol className="post-list" aria-label={t('talk.thread.posts')}>
        {posts.map((p, i) => (
          <PostItem key={p.id} post={p} opening={i === 0} threadTitle={title} mine={!!keys?.mine.has(p.authorKey)} change={changeOf(local, p.id)} actions={actions} />
        ))}
        {localPosts.map((p) => {
          const opener = p.kind === 'thread' || (!!keys && keys.posting === openingKey)
          if (p.kind === 'reply' && p.state === 'stored' && p.postId && keys) {
            const post = localAsPost(p, keys.posting, keys.alias, findVoice(voices, shared, p.voiceId), opener)
            return <PostItem key={p.id} post={post} opening={false} threadTitle={title} mine change={changeOf(local, post.id)} local={p} actions={actions} />
          }
          return <LocalPost key={p.id} item={p} alias={keys?.alias ?? null} opening={opener} />
        })}
      </ol>
      <section id="reply" className="card" aria-labelledby="reply-title">
        <h2 id="reply-title">{t('talk.thread.replyTitle')}</h2>
        <Composer target={target} lock={lock} onQueued={(item) =>
          // The new post: its local copy, or — stored at once — the post it became.
          requestAnimationFrame(() => (document.getElementById(`local-${item.id}`) ?? document.getElementById(`post-${item.postId}`))?.focus())} />
      </section>
    </div>
  )
}
