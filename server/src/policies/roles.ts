export type Role = 'member' | 'reviewer' | 'admin'

const RANK: Record<Role, number> = { member: 0, reviewer: 1, admin: 2 }

/** Admins can do what reviewers can; reviewers what members can. */
export function hasRole(actual: Role, needed: Role): boolean {
  return RANK[actual] >= RANK[needed]
}
