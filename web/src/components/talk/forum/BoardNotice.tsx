import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'

/** A board of the reader's company that is not open yet: why, in numbers — instead of inviting posts. */
export function BoardBelowThreshold({ company, memberCount, minMembers }: { company: string; memberCount: number | null; minMembers: number | null }) {
  const { t } = useTranslation()
  return (
    <section className="card board-notice" aria-labelledby="board-notice-title">
      <h2 id="board-notice-title">{t('talk.forum.noBoardTitle')}</h2>
      {memberCount !== null && minMembers !== null && (
        <p className="board-numbers">{t('talk.forum.boardBelow', { company, count: memberCount, min: minMembers })}</p>
      )}
      <p>{t('talk.forum.boardBelowWhy', { company })}</p>
      <BackLink />
    </section>
  )
}

/** GET /talk/threads?channel=<another company's board> answered 403 not_member. */
export function NotMember({ company }: { company: string }) {
  const { t } = useTranslation()
  return (
    <section className="card callout board-notice" aria-labelledby="not-member-title">
      <h2 id="not-member-title">{t('talk.forum.notMemberTitle', { company })}</h2>
      <p>{t('talk.forum.notMemberBody')}</p>
      <div className="actions">
        <BackLink />
        <Link to="/verify">{t('talk.forum.notMemberVerify')}</Link>
      </div>
    </section>
  )
}

export function NoChannel() {
  const { t } = useTranslation()
  return (
    <section className="card board-notice" aria-labelledby="no-channel-title">
      <h2 id="no-channel-title">{t('talk.forum.noChannelTitle')}</h2>
      <p>{t('talk.forum.noChannelBody')}</p>
      <BackLink />
    </section>
  )
}

function BackLink() {
  const { t } = useTranslation()
  return <Link to="/talk">{t('talk.forum.back')}</Link>
}
