import type { ContentModeration } from '../../../../shared/src/api/talk.js'
import { ModerationNotice } from '../moderation/ModerationNotice.js'

/** A hidden or removed review or interview report, in its place: a heading for screen readers, when it was posted, and the decision — nothing of its text. */
export function ModeratedRecord({ id, heading, meta, moderation }: { id: string; heading: string; meta: string; moderation: NonNullable<ContentModeration> }) {
  return (
    <article id={id} className="review-card review-card-moderated" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="visually-hidden">{heading}</h3>
      <p className="muted small review-meta">{meta}</p>
      <ModerationNotice moderation={moderation} />
    </article>
  )
}
