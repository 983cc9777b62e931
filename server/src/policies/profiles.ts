import type { Visibility } from '../../../shared/src/api/profiles.js'

/**
 * Whether a viewer sees a member's full profile: the owner, anyone when it is shown to all
 * members, and 1st-degree connections when it is shown to connections only. The one owner of the
 * rule; callers pass the real connection state (services/network/graph.ts `degreesFrom`, which
 * answers a whole page at once).
 */
export function canSeeFullProfile(viewerId: string, owner: { id: string; visibility: Visibility }, isConnection: boolean): boolean {
  return viewerId === owner.id || owner.visibility === 'members' || isConnection
}
