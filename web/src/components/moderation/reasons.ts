import type { TFunction } from 'i18next'
import { ACTIONS_FOR, REPORT_REASONS, type ModerationActionKind, type TargetType } from '../../../../shared/src/api/moderation.js'
import { CHECK_RULES } from '../../../../shared/src/moderation/rules.js'

/**
 * The reasons a moderator can give: the report reasons, then the automated check rules (a held
 * post is decided under the rule that held it). `repeated_text` is the spam check done on the
 * server by content hash, outside CHECK_RULES.
 */
export const ACTION_REASONS: readonly string[] = [...REPORT_REASONS, ...CHECK_RULES, 'repeated_text']


export const actionsFor = (type: string): readonly ModerationActionKind[] => ACTIONS_FOR[type as TargetType] ?? ['dismiss']

/** A reason as people read it; an unknown one (a rule added later) as the code itself. */
export function reasonLabel(t: TFunction, reason: string): string {
  return t(`moderation.reasons.${reason}` as 'moderation.reasons.spam', { defaultValue: reason.replace(/_/g, ' ') })
}

export function actionLabel(t: TFunction, action: string): string {
  return t(`moderation.actions.${action}` as 'moderation.actions.hide', { defaultValue: action })
}

export function targetLabel(t: TFunction, type: string): string {
  return t(`moderation.targets.${type}` as 'moderation.targets.feed_post', { defaultValue: type.replace(/_/g, ' ') })
}

/** Where the web app shows logged content, when the id alone says (a Work Talk post needs its thread: not in the log). */
export function contentLink(type: string, id: string): string | null {
  switch (type) {
    case 'feed_post':
      return `/posts/${id}`
    case 'talk_thread':
      return `/talk/t/${id}`
    case 'job':
      return `/jobs/${id}`
    default:
      return null
  }
}
