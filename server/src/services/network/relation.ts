import type { ProfileNetwork } from '../../../../shared/src/api/network.js'
import type { AppContext } from '../../context.js'
import { pairRow, stateFor } from './connections.js'
import { followState } from './follows.js'
import { degreeOf, degreesFrom, mutualCounts } from './graph.js'

/** What a profile says about the viewer's relation to its owner (the caller has already ruled out a block). */
export async function profileNetwork(ctx: AppContext, viewerId: string, ownerId: string): Promise<ProfileNetwork> {
  const follows = await followState(ctx, viewerId, { followeeId: ownerId })
  if (viewerId === ownerId) return { degree: null, connection: null, mutualCount: 0, ...follows }
  const [degrees, mutual, pair] = await Promise.all([degreesFrom(ctx.db, viewerId, [ownerId]), mutualCounts(ctx.db, viewerId, [ownerId]), pairRow(ctx.db, viewerId, ownerId)])
  // An invitation the viewer ignored is no longer shown to them: "Connect" then accepts it.
  const visiblePair = pair && !(pair.state === 'pending' && pair.addresseeId === viewerId && pair.ignored) ? pair : null
  return {
    degree: degreeOf(degrees, ownerId),
    connection: visiblePair ? { id: visiblePair.id, state: stateFor(visiblePair, viewerId) } : null,
    mutualCount: mutual.get(ownerId) ?? 0,
    ...follows,
  }
}
