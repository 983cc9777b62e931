import type { Static } from '@sinclair/typebox'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router-dom'
import type { ThreadDetail } from '../../../../shared/src/api/talk.js'
import { isApiError } from '../../api/client.js'
import { talkApi } from '../../api/talk.js'
import { StatusMessage } from '../../components/FormAlert.js'
import { Loading } from '../../components/Loading.js'
import { authorText } from '../../components/talk/author.js'
import { Composer } from '../../components/talk/Composer.js'
import { PendingPosts } from '../../components/talk/PendingPosts.js'
import { PostItem, type Post, type PostActions } from '../../components/talk/PostItem.js'
import { VerifyFirst } from '../../components/talk/VerifyFirst.js'
import { formatDateTime } from '../../lib/dates.js'
import { errorMessage } from '../../lib/problem.js'
import { usePageTitle } from '../../lib/use-page-title.js'
import { useSession } from '../../session/session-context.js'
import { useTalkRuntime } from '../../talk/talk-context.js'
import { isVerified } from '../../talk/voices.js'
import { RetryAlert } from '../../components/LoadFailed.js'

type Detail = Static<typeof ThreadDetail>

/** Rendered inside <RequireAuth>: one thread, oldest post first, with the reply composer. */
export default function TalkThread() {
  const { id = '' } = useParams()
  const { me } = useSession()
  if (!isVerified(me)) return <VerifyFirst />
  return <ThreadView key={id} id={id} />
}

function ThreadView({ id }: { id: string }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const runtime = useTalkRuntime()
  const [detail, setDetail] = useState<Detail | null>(null)
  const [failure, setFailure] = useState<'not_found' | 'not_verified' | string | null>(null)
  const [mine, setMine] = useState<Set<string>>(new Set())
  const [status, setStatus] = useState<string | null>(null)
  const focusAfterLoad = useRef<string | null>(null)
  usePageTitle(detail?.thread.title ?? t('talk.title'))

  const load = useCallback(async () => {
    try {
      const d = await talkApi.thread(id)
      setDetail(d)
      setFailure(null)
    } catch (e) {
      if (isApiError(e) && (e.status === 404 || e.code === 'validation_failed')) setFailure('not_found')
      else if (isApiError(e) && e.code === 'not_verified') setFailure('not_verified')
      else setFailure(errorMessage(t, e))
    }
  }, [id, t])

  useEffect(() => {
    void load()
  }, [load])

  const openingKey = detail?.posts[0]?.authorKey

  // Which posts this browser wrote: its keys for this thread (the opener key if it opened it).
  useEffect(() => {
    if (!runtime || !openingKey) return
    let alive = true
    void runtime.identity.identities(id, openingKey).then((ids) => alive && setMine(new Set(ids.map((i) => i.publicKey))))
    return () => {
      alive = false
    }
  }, [runtime, id, openingKey])

  useEffect(() => {
    const target = focusAfterLoad.current
    if (!detail || !target) return
    focusAfterLoad.current = null
    requestAnimationFrame(() => document.getElementById(target)?.focus())
  }, [detail])

  const actions: PostActions = {
    edit: async (post: Post, title: string, body: string) => {
      await runtime!.edit(post, id, openingKey ?? '', title, body)
      setStatus(t('talk.thread.savedEdit'))
      focusAfterLoad.current = `post-${post.id}`
      await load()
    },
    remove: async (post: Post) => {
      await runtime!.remove(post, id, openingKey ?? '')
      setStatus(t('talk.thread.deletedDone'))
      focusAfterLoad.current = `post-${post.id}`
      await load()
    },
    reload: () => void load(),
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
  if (failure) {
    return <RetryAlert message={failure} onRetry={() => void load()} />
  }
  if (!detail || !runtime) return <Loading />

  const { thread, posts } = detail
  const channel = t(`talk.channels.${thread.channel as 'general'}`, { defaultValue: thread.channel })
  return (
    <div className="talk talk-thread">
      <p className="breadcrumb">
        <Link to="/talk">{t('talk.thread.back')}</Link>
      </p>
      <header className="thread-header">
        <h1>{thread.title}</h1>
        <p className="thread-meta">
          <span className="author-label">{authorText(t, lang, thread.author, thread.authorLabel)}</span>
          <span className="channel-tag">{channel}</span>
          <time dateTime={thread.createdAt}>{formatDateTime(thread.createdAt, lang)}</time>
        </p>
      </header>
      <StatusMessage message={status} className="notice" />
      <ol className="post-list" aria-label={t('talk.thread.posts')}>
        {posts.map((p, i) => (
          <PostItem key={p.id} post={p} opening={i === 0} threadTitle={thread.title} mine={mine.has(p.authorKey)} actions={actions} />
        ))}
      </ol>
      <PendingPosts threadId={id} />
      <section id="reply" className="card" aria-labelledby="reply-title">
        <h2 id="reply-title">{t('talk.thread.replyTitle')}</h2>
        <Composer
          threadId={id}
          openingKey={openingKey}
          onPublished={(p) => {
            setStatus(null)
            focusAfterLoad.current = `post-${p.postId}`
            void load()
          }}
        />
      </section>
    </div>
  )
}
