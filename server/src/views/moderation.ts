import type { ContentModeration } from '../../../shared/src/api/talk.js'

/**
 * A moderator's decision on content with no author key (feed posts and comments, reviews,
 * interview reports) as readers see it, in the content's place. The text itself stays stored for
 * a restore; callers send "" meanwhile.
 */
export const contentModerationOf = (r: { moderation: 'hidden' | 'removed' | null; moderationReason: string | null }): ContentModeration =>
  r.moderation ? { state: r.moderation, reason: r.moderationReason ?? '' } : null
