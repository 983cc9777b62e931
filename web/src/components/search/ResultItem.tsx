import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { SearchResult } from '../../../../shared/src/api/search.js'
import { CompanyLogo } from '../company/CompanyLogo.js'
import { JobCard } from '../jobs/JobCard.js'
import { authorText } from '../talk/author.js'
import { plainExcerpt } from '../talk/forum/plain-text.js'
import { Highlight } from './Highlight.js'

/** One search result: a member's card (limited for "connections only"), a company, a feed post, a job, a Work Talk thread. */
export function ResultItem({ result, q }: { result: SearchResult; q: string }) {
  const { t, i18n } = useTranslation()
  if (result.type === 'person') {
    return (
      <li className="search-result">
        <span className="search-kind">{t('search.kind.person')}</span>
        <Link to={`/in/${result.handle}`} className="item-name">
          <Highlight text={result.name} q={q} />
        </Link>
        {result.headline && (
          <p className="search-line">
            <Highlight text={result.headline} q={q} />
          </p>
        )}
        {result.location && <p className="muted small">{result.location}</p>}
        {result.restricted && <p className="muted small">{t('search.restricted')}</p>}
      </li>
    )
  }
  if (result.type === 'company') {
    return (
      <li className="search-result search-company">
        <CompanyLogo company={result} size="small" decorative />
        <div>
          <span className="search-kind">{t('search.kind.company')}</span>
          <Link to={`/companies/${result.slug}`} className="item-name">
            <Highlight text={result.name} q={q} />
          </Link>
          {result.industry && <p className="muted small">{result.industry}</p>}
        </div>
      </li>
    )
  }
  if (result.type === 'post') {
    const p = result.post
    const excerpt = plainExcerpt(p.body)
    return (
      <li className="search-result">
        <span className="search-kind">{t('feed.searchKind')}</span>
        <Link to={`/posts/${p.id}`} className="item-name">
          {p.author.name}
        </Link>
        {excerpt && (
          <p className="search-line">
            <Highlight text={excerpt} q={q} />
          </p>
        )}
        <p className="muted small">{t('feed.counts', { likes: p.likeCount, comments: p.commentCount })}</p>
      </li>
    )
  }
  if (result.type === 'job') return <JobCard job={result.job} className="search-result search-job" kind={t('search.kind.job')} />
  const th = result.thread
  const excerpt = plainExcerpt(th.excerpt)
  return (
    <li className="search-result">
      <span className="search-kind">{t('search.kind.thread')}</span>
      <Link to={`/talk/t/${th.id}`} className="item-name">
        <Highlight text={th.title || t('search.untitled')} q={q} />
      </Link>
      {excerpt && (
        <p className="search-line">
          <Highlight text={excerpt} q={q} />
        </p>
      )}
      <p className="muted small">
        {authorText(t, i18n.language, th.author, th.authorLabel)} · {t('search.replies', { count: th.replyCount })}
      </p>
    </li>
  )
}
