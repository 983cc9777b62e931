import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useParams } from 'react-router-dom'
import { Loading } from '../../components/Loading.js'
import { RetryAlert } from '../../components/LoadFailed.js'
import { authorText } from '../../components/talk/author.js'
import { Composer, type ComposerInsert } from '../../components/talk/Composer.js'
import { KeyWarning } from '../../components/talk/KeyWarning.js'
import { LocalPost, localAsPost } from '../../components/talk/LocalPost.js'
import { PostItem, type Post, type PostActions } from '../../components/talk/PostItem.js'
import { NewRepliesPill } from '../../components/talk/thread/NewRepliesPill.js'
import { PollView } from '../../components/talk/thread/PollView.js'
import { useCompact } from '../../components/talk/thread/use-compact.js'
import { VerifyFirst } from '../../components/talk/VerifyFirst.js'
import { formatDateTime } from '../../lib/dates.js'
import { quoteForReply } from '../../lib/markdown.js'
import { errorMessage } from '../../lib/problem.js'
import { usePageTitle } from '../../lib/use-page-title.js'
import { useSession } from '../../session/session-context.js'
import { useChannels } from '../../talk/channels.js'
import { labelLock } from '../../talk/label-lock.js'
import { follow, markRead, unfollow, useIsFollowed } from '../../talk/local/follow.js'
import { useTalkEvents, type TalkEvent } from '../../talk/local/live.js'
import { useTalkRuntime, useTalkState } from '../../talk/talk-context.js'
import { changeOf, heldTextOf, useThread, type Detail } from '../../talk/use-thread.js'
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

/** Events a re-read of the thread stands for: its reply count and every post's score (a board has no live stream). */
function asEvents(d: Detail): TalkEvent[] {
  const at = d.thread.lastPostAt
  return [
    { type: 'reply', threadId: d.thread.id, channel: d.thread.channel, replyCount: d.thread.replyCount, at },
    ...d.posts.map((p): TalkEvent => ({ type: 'vote', threadId: d.thread.id, postId: p.id, score: p.score, at })),
  ]
}

function ThreadView({ id }: { id: string }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const runtime = useTalkRuntime()!
  const { voices, shared } = useTalkState()
  const { detail, failure, local, ownThread, quietUntil, reload } = useThread(id)
  const [keys, setKeys] = useState<{ mine: Set<string>; posting: string; alias: string } | null>(null)
  const [openerKey, setOpenerKey] = useState<string | undefined>(undefined)
  const [insert, setInsert] = useState<ComposerInsert | null>(null)
  const [toast, setToast] = useState<string | null>(null)
  const compact = useCompact()
  const followed = useIsFollowed(id)
  const { channels } = useChannels()
  const { hash } = useLocation()

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

  const posts = useMemo(() => detail?.posts ?? [], [detail])
  const lock = useMemo(
    () => labelLock({ posts, postingKey: keys?.posting, local: local.filter((p) => p.kind === 'reply' || p.kind === 'thread'), voices, shared }),
    [posts, keys?.posting, local, voices, shared],
  )
  const openingChange = opening ? changeOf(local, opening.id) : undefined
  // A held, hidden or removed opening post comes with no title: ours is still in the outbox while held.
  const title = openingChange?.kind === 'edit' && openingChange.state !== 'failed' ? openingChange.title : (detail?.thread.title || ownThread?.title || '')
  usePageTitle(title || t('talk.title'))
  const channel = detail?.thread.channel ?? ownThread?.channel ?? 'general'

  // Read: nothing in it is unread any more.
  useEffect(() => {
    if (detail) markRead(id, detail.thread.replyCount)
  }, [id, detail])

  // Live updates since the last read: scores as they are stored, and how many replies there are now.
  // A board is never on the live stream: its thread is read again now and then instead.
  const board = channels.find((c) => c.slug === channel)?.kind === 'board'
  const [scores, setScores] = useState<Record<string, number>>({})
  const [latestReplies, setLatestReplies] = useState(0)
  useEffect(() => setScores({}), [detail])
  const onEvent = useCallback((e: TalkEvent) => {
    if (e.type === 'vote') setScores((s) => (s[e.postId] === e.score ? s : { ...s, [e.postId]: e.score }))
    if (e.type === 'reply') setLatestReplies((n) => Math.max(n, e.replyCount))
  }, [])
  useTalkEvents({ threadId: id, types: ['reply', 'vote'] }, onEvent, {
    enabled: !!detail,
    stream: !board,
    poll: async () => asEvents(await runtime.reader.read(id)),
  })
  // Replies of ours the server counts already but the last read did not show: not "new".
  const shownIds = new Set(posts.map((p) => p.id))
  const ownUnread = local.filter((p) => p.kind === 'reply' && (p.state === 'stored' || p.state === 'accepted') && !(p.postId && shownIds.has(p.postId))).length
  const newReplies = detail ? Math.max(0, latestReplies - detail.thread.replyCount - ownUnread) : 0

  // "N new replies": read the thread again, then take the reader to the first of them.
  const before = useRef<Set<string> | null>(null)
  const [showing, setShowing] = useState(false)
  const showNew = () => {
    before.current = new Set(posts.map((p) => p.id))
    setShowing(true)
    void reload()
  }
  useEffect(() => {
    const was = before.current
    if (!was || !detail) return
    before.current = null
    setShowing(false)
    const first = detail.posts.find((p) => !was.has(p.id))
    if (first) requestAnimationFrame(() => scrollToPost(first.id))
  }, [detail])

  // A link to a post (#post-…): scrolled to once it is on the page.
  const scrolledTo = useRef('')
  useEffect(() => {
    const m = /^#post-([0-9a-f-]{36})$/i.exec(hash)
    if (!m || scrolledTo.current === m[1] || !posts.some((p) => p.id === m[1])) return
    scrolledTo.current = m[1]!
    requestAnimationFrame(() => scrollToPost(m[1]!))
  }, [hash, posts])

  useEffect(() => {
    if (!toast) return
    const timer = setTimeout(() => setToast(null), 4000)
    return () => clearTimeout(timer)
  }, [toast])

  const target = useMemo(() => ({ threadId: id, openingKey, openerNonce, channel }), [id, openingKey, openerNonce, channel])
  const ownPost = (post: Post) => {
    const change = changeOf(local, post.id)
    const revision = change?.state === 'stored' ? Math.max(post.revision, (change.revision ?? 0) + 1) : post.revision
    return { id: post.id, authorKey: post.authorKey, revision, threadId: id, openingKey: openingKey ?? '', openerNonce }
  }
  const actions: PostActions = {
    edit: async (post, newTitle, body) => void (await runtime.edit(ownPost(post), newTitle, body)),
    remove: async (post) => void (await runtime.remove(ownPost(post))),
    reload: () => void reload(),
    quote: (post) => setInsert((q) => ({ text: quoteForReply(post.body), seq: (q?.seq ?? 0) + 1 })),
    announce: setToast,
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
  const localPosts = local.filter((p) => (p.kind === 'reply' || (p.kind === 'thread' && !detail)) && !(p.postId && shownIds.has(p.postId)))
  // Not read yet (a reload within the quiet minute): only our own posts can be shown meanwhile.
  if (!detail && !ownThread && (!localPosts.length || !quietUntil)) {
    return quietUntil ? <p className="muted quiet-note" role="status">{t('talk.thread.quiet')}</p> : <Loading />
  }
  const channelText = t(`talk.channels.${channel as 'general'}`, { defaultValue: channels.find((c) => c.slug === channel)?.name[lang.startsWith('zh') ? 'zh' : 'en'] ?? channel })
  const toggleFollow = () => (followed ? unfollow(id) : follow(id, { title, channel, replyCount: detail?.thread.replyCount }))
  return (
    <div className="talk talk-thread">
      <p className="breadcrumb">
        <Link to="/talk">{t('talk.thread.back')}</Link>
      </p>
      <KeyWarning />
      <header className="thread-header">
        <h1>{title || <span className="muted">{detail ? t(opening?.moderation ? 'talk.thread.untitledModerated' : 'talk.thread.untitled') : t('talk.title')}</span>}</h1>
        <div className="thread-header-row">
          {detail && (
            <p className="thread-meta">
              <span className="author-label">{authorText(t, lang, detail.thread.author, detail.thread.authorLabel, detail.thread.authorKey)}</span>
              <span className="channel-tag">{channelText}</span>
              <time dateTime={detail.thread.createdAt}>{formatDateTime(detail.thread.createdAt, lang)}</time>
            </p>
          )}
          {!detail && ownThread && <p className="thread-meta"><span className="channel-tag">{channelText}</span></p>}
          <button type="button" className={followed ? 'button button-quiet follow-button follow-on' : 'button button-quiet follow-button'} aria-pressed={followed}
            title={t('talk.thread.followHint')} onClick={toggleFollow}>
            {followed ? t('talk.thread.following') : t('talk.thread.follow')}
          </button>
        </div>
      </header>
      {quietUntil > 0 && <p className="hint quiet-note">{detail || ownThread ? t('talk.thread.quietShort') : t('talk.thread.quiet')}</p>}
      <ol className="post-list" aria-label={t('talk.thread.posts')}>
        {posts.map((p, i) => (
          <PostItem key={p.id} post={p} opening={i === 0} target={target} threadTitle={title} mine={!!keys?.mine.has(p.authorKey)} change={changeOf(local, p.id)}
            heldText={p.moderation?.state === 'held' ? heldTextOf(local, p.id) : undefined} actions={actions} score={scores[p.id]}>
            {i === 0 && detail?.poll && <PollView target={target} poll={detail.poll} />}
          </PostItem>
        ))}
        {localPosts.map((p) => {
          const opener = p.kind === 'thread' || (!!keys && keys.posting === openingKey)
          if (p.kind === 'reply' && p.state === 'stored' && p.postId && keys) {
            const post = localAsPost(p, keys.posting, keys.alias, findVoice(voices, shared, p.voiceId), opener)
            return <PostItem key={p.id} post={post} opening={false} target={target} threadTitle={title} mine change={changeOf(local, post.id)} local={p} actions={actions} />
          }
          return <LocalPost key={p.id} item={p} alias={keys?.alias ?? null} opening={opener} />
        })}
      </ol>
      <NewRepliesPill count={newReplies} busy={showing} onShow={showNew} />
      {detail?.thread.locked ? (
        <p className="card thread-locked" role="note">{t('talk.moderation.locked')}</p>
      ) : (
        <section id="reply" className={compact ? 'card reply-card reply-card-compact' : 'card reply-card'} aria-labelledby="reply-title">
          <h2 id="reply-title">{t('talk.thread.replyTitle')}</h2>
          <Composer target={target} lock={lock} insert={insert} compact={compact} onQueued={(item) => {
            follow(id, { title, channel, own: true })
            // The new post: its local copy, or — stored at once — the post it became.
            requestAnimationFrame(() => (document.getElementById(`local-${item.id}`) ?? document.getElementById(`post-${item.postId}`))?.focus())
          }} />
        </section>
      )}
      <div className={toast ? 'talk-toast' : 'talk-toast talk-toast-empty'} role="status">{toast}</div>
    </div>
  )
}

/** Brings a post into view and gives it the focus (it is focusable: tabIndex -1), marked for a moment. */
function scrollToPost(postId: string): void {
  const el = document.getElementById(`post-${postId}`)
  if (!el) return
  el.scrollIntoView({ block: 'start' })
  el.focus({ preventScroll: true })
  el.classList.add('post-target')
  setTimeout(() => el.classList.remove('post-target'), 2500)
}
