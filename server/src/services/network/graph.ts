import { type Kysely, sql } from 'kysely'
import type { Degree } from '../../../../shared/src/api/network.js'
import type { DB } from '../../db/schema.js'

/**
 * The connection graph, in SQL over `connection` (accepted rows are undirected edges). Every
 * function takes a whole page of people at once: one query for the page, never one per row.
 */

/** The viewer's 1st-degree connections, as a subquery. */
const firstDegree = (viewerId: string) =>
  sql`select addressee_id as id from connection where state = 'accepted' and requester_id = ${viewerId}
      union select requester_id from connection where state = 'accepted' and addressee_id = ${viewerId}`

/** The neighbours of each id in a set (`src`: a subquery with an `id` column), as (source, id) pairs. */
const neighboursOf = (src: ReturnType<typeof sql>) =>
  sql`select s.id as source, c.addressee_id as id from (${src}) s join connection c on c.requester_id = s.id and c.state = 'accepted'
      union select s.id, c.requester_id from (${src}) s join connection c on c.addressee_id = s.id and c.state = 'accepted'`

/**
 * Degree of connection from the viewer to each member: 1 (connected), 2 (connected to one of the
 * viewer's connections), 3 (one more step), absent beyond (null on the API). One query: the
 * targets' neighbours are met against the viewer's 1st degree and its neighbours, so no path
 * longer than three steps is ever walked. The viewer has no degree to themselves.
 */
export async function degreesFrom(db: Kysely<DB>, viewerId: string, ids: readonly string[]): Promise<Map<string, 1 | 2 | 3>> {
  const targets = [...new Set(ids)].filter((id) => id !== viewerId)
  if (!targets.length) return new Map()
  const t = sql`select distinct unnest(${targets}::uuid[]) as id`
  const { rows } = await sql<{ id: string; degree: number | null }>`
    with v as (${firstDegree(viewerId)}),
    vn as (select id from (${neighboursOf(sql`select id from v`)}) x),
    tn as (${neighboursOf(t)})
    select t.id, case
      when t.id in (select id from v) then 1
      when exists (select 1 from tn where tn.source = t.id and tn.id in (select id from v)) then 2
      when exists (select 1 from tn where tn.source = t.id and tn.id in (select id from vn)) then 3
    end as degree
    from (${t}) t`.execute(db)
  const out = new Map<string, 1 | 2 | 3>()
  for (const r of rows) if (r.degree !== null) out.set(r.id, r.degree as 1 | 2 | 3)
  return out
}

export function degreeOf(degrees: Map<string, 1 | 2 | 3>, id: string): Degree {
  return degrees.get(id) ?? null
}

/** How many connections the viewer shares with each member, for a page of members. */
export async function mutualCounts(db: Kysely<DB>, viewerId: string, ids: readonly string[]): Promise<Map<string, number>> {
  const targets = [...new Set(ids)].filter((id) => id !== viewerId)
  if (!targets.length) return new Map()
  const { rows } = await sql<{ source: string; n: string }>`
    with v as (${firstDegree(viewerId)})
    select tn.source, count(*) as n from (${neighboursOf(sql`select distinct unnest(${targets}::uuid[]) as id`)}) tn
    where tn.id in (select id from v) group by tn.source`.execute(db)
  return new Map(rows.map((r) => [r.source, Number(r.n)]))
}

/** The ids of the connections the viewer and another member share (a block ends a connection, so none is blocked). */
export function mutualIds(viewerId: string, otherId: string) {
  return sql<{ id: string }>`(${firstDegree(viewerId)}) intersect (${firstDegree(otherId)})`
}
