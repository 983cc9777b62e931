import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FeedPage, FeedPost } from '../../../../shared/src/api/feed.js'
import { feedError } from './feed-error.js'
import { PostCard } from './PostCard.js'

/** A list of posts read page by page ("load more"); `prepend` puts the viewer's new posts on top. */
export function PostList({ load, empty, prepend = [] }: { load(cursor: string | null): Promise<FeedPage>; empty: string; prepend?: FeedPost[] }) {
  const { t } = useTranslation()
  const [posts, setPosts] = useState<FeedPost[] | null>(null)
  const [next, setNext] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [gone, setGone] = useState<Set<string>>(new Set())
  const [added, setAdded] = useState<FeedPost[]>([])

  useEffect(() => {
    let live = true
    load(null).then(
      (p) => {
        if (!live) return
        setPosts(p.posts)
        setNext(p.nextCursor)
      },
      (err) => live && setError(feedError(t, err)),
    )
    return () => {
      live = false
    }
  }, [load, t])

  const more = async () => {
    setBusy(true)
    try {
      const p = await load(next)
      setPosts([...(posts ?? []), ...p.posts])
      setNext(p.nextCursor)
    } catch (err) {
      setError(feedError(t, err))
    } finally {
      setBusy(false)
    }
  }

  if (error && !posts) return <p className="alert alert-error">{error}</p>
  if (!posts) return <p className="muted">{t('feed.loading')}</p>
  const fresh = [...added, ...prepend]
  const shown = [...fresh, ...posts.filter((p) => !fresh.some((f) => f.id === p.id))].filter((p) => !gone.has(p.id))
  return (
    <div className="feed-list">
      {shown.length === 0 && <p className="muted">{empty}</p>}
      {shown.map((p) => (
        <PostCard key={p.id} post={p} onDeleted={(id) => setGone(new Set([...gone, id]))} onReshared={(r) => setAdded([r, ...added])} />
      ))}
      {error && <p className="alert alert-error">{error}</p>}
      {next && (
        <button type="button" className="button button-secondary feed-more" aria-disabled={busy} onClick={() => void more()}>
          {busy ? t('feed.loading') : t('feed.more')}
        </button>
      )}
    </div>
  )
}
