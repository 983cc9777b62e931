import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router-dom'
import { feedApi } from '../api/feed.js'
import { PostList } from '../components/feed/PostList.js'
import { usePageTitle } from '../lib/use-page-title.js'

/** /in/:handle/activity — a member's posts and reshares, newest first. */
export default function Activity() {
  const { t } = useTranslation()
  const { handle = '' } = useParams()
  usePageTitle(t('feed.activity.title'))
  const load = useCallback((cursor: string | null) => feedApi.activity(handle, cursor), [handle])
  return (
    <div className="feed-page">
      <h1>{t('feed.activity.title')}</h1>
      <p>
        <Link to={`/in/${handle}`}>{t('feed.activity.profile')}</Link>
      </p>
      <PostList key={handle} load={load} empty={t('feed.activity.empty')} />
    </div>
  )
}
