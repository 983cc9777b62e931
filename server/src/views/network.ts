import type { Connection, PersonCard, Suggestion } from '../../../shared/src/api/network.js'
import type { ListedConnection } from '../services/network/connections.js'
import { stateFor } from '../services/network/connections.js'
import { degreeOf } from '../services/network/graph.js'

/**
 * The limited card of a member — name, handle, headline, degree — which is what every list shows,
 * so a "connections only" profile gives a list no more than its restricted profile page does.
 */
export function personCard(row: { id: string; handle: string; name: string; headline: string }, degrees: Map<string, 1 | 2 | 3>): PersonCard {
  return { handle: row.handle, name: row.name, headline: row.headline, degree: degreeOf(degrees, row.id) }
}

export function connection(row: ListedConnection, viewerId: string, degrees: Map<string, 1 | 2 | 3>): Connection {
  return {
    id: row.id,
    state: stateFor(row, viewerId),
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    acceptedAt: row.acceptedAt ? row.acceptedAt.toISOString() : null,
    person: personCard({ id: row.personId, handle: row.handle, name: row.name, headline: row.headline }, degrees),
  }
}

export function suggestion(
  row: { id: string; handle: string; name: string; headline: string; mutual: number; schools: number; employers: number },
  degrees: Map<string, 1 | 2 | 3>,
): Suggestion {
  return { ...personCard(row, degrees), mutualCount: row.mutual, sharedSchools: row.schools, sharedEmployers: row.employers }
}
