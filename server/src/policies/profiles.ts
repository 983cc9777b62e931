import type { Visibility } from '../../../shared/src/api/profiles.js'

/**
 * Whether a viewer sees a member's full profile. Connections arrive later: until then a
 * "connections only" profile is fully visible to its owner alone.
 */
export function canSeeFullProfile(viewerId: string, owner: { id: string; visibility: Visibility }, isConnection = false): boolean {
  return viewerId === owner.id || owner.visibility === 'members' || isConnection
}
