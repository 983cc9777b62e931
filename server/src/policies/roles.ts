export type Role = 'member' | 'reviewer' | 'moderator' | 'admin'
export const ROLES: readonly Role[] = ['member', 'reviewer', 'moderator', 'admin']

/**
 * Admins can do what moderators can; moderators what reviewers can (badge review); reviewers
 * what members can. A moderator acts on content — hides, removes, restores, locks, decides
 * appeals, suspends real-name accounts — and sees no identity of an anonymous author, because
 * there is none stored to see (DESIGN §4).
 */
const RANK: Record<Role, number> = { member: 0, reviewer: 1, moderator: 2, admin: 3 }

export function hasRole(actual: Role, needed: Role): boolean {
  return RANK[actual] >= RANK[needed]
}
