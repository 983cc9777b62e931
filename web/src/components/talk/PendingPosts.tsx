import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { OutboxItem } from '../../talk/outbox.js'
import { useTalkState } from '../../talk/talk-context.js'
import { OutboxStatus } from './OutboxStatus.js'

const EXCERPT = 80

/** What this browser still has on its way, for the Work Talk front page. `skip` leaves out items shown elsewhere. */
export function PendingPosts({ skip }: { skip?: (p: OutboxItem) => boolean }) {
  const { t } = useTranslation()
  const { outbox } = useTalkState()
  const list = outbox.filter((p) => p.state !== 'stored' && !(skip?.(p) ?? false))
  if (!list.length) return null
  return (
    <section className="card pending-posts" aria-labelledby="pending-title">
      <h2 id="pending-title">{t('talk.pending.title')}</h2>
      <p className="muted">{t('talk.pending.keepOpen')}</p>
      <ul className="item-list">
        {list.map((p) => {
          const excerpt = p.body.length > EXCERPT ? p.body.slice(0, EXCERPT) + '…' : p.body
          const text =
            p.kind === 'thread' ? t('talk.pending.thread', { title: p.title })
            : p.kind === 'reply' ? t('talk.pending.reply', { excerpt })
            : p.kind === 'edit' ? t('talk.pending.edit', { excerpt })
            : t('talk.pending.delete')
          return (
            <li key={p.id}>
              <p className="item-title">{p.threadId ? <Link to={`/talk/t/${p.threadId}`}>{text}</Link> : text}</p>
              <OutboxStatus item={p} />
            </li>
          )
        })}
      </ul>
    </section>
  )
}
