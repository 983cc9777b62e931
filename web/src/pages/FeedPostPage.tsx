import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router-dom'
import type { FeedPost } from '../../../shared/src/api/feed.js'
import { feedApi } from '../api/feed.js'
import { feedError } from '../components/feed/feed-error.js'
import { PostCard } from '../components/feed/PostCard.js'
import { usePageTitle } from '../lib/use-page-title.js'

/** /posts/:id — one feed post (a search result, a link someone shared). */
export default function FeedPostPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const navigate = useNavigate()
  usePageTitle(t('feed.postTitle'))
  const [post, setPost] = useState<FeedPost | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    feedApi.get(id).then(setPost, (err) => setError(feedError(t, err)))
  }, [id, t])
  return (
    <div className="feed-page">
      <h1 className="visually-hidden">{t('feed.postTitle')}</h1>
      {error && <p className="alert alert-error">{error}</p>}
      {post && <PostCard key={post.id} post={post} onDeleted={() => navigate('/')} />}
    </div>
  )
}
