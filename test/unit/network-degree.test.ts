/**
 * Degree of connection on a small graph, straight against the SQL (services/network/graph.ts):
 *
 *   v ─ a ─ b ─ c ─ d        e ─ f (another component)
 *   v ─ g ─ b                a ─ h ─ c
 *   v → p pending (not an edge), p ─ i: so p and i have no degree from v
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Database } from '../../server/src/db/database.js'
import { degreesFrom, mutualCounts } from '../../server/src/services/network/graph.js'
import { freshDatabase } from '../support/db.js'

let database: Database
const ids: Record<string, string> = {}
const names = ['v', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'p', 'i']

before(async () => {
  database = await freshDatabase()
  const db = database.db
  for (const n of names) {
    const row = await db
      .insertInto('account')
      .values({ handle: `deg-${n}`, name: n, email: `${n}@deg.test`, emailNormalized: `${n}@deg.test`, passwordHash: 'x', createdOn: '2026-12-01' })
      .returning('id')
      .executeTakeFirstOrThrow()
    ids[n] = row.id
  }
  const edge = (x: string, y: string, state: 'pending' | 'accepted' = 'accepted') =>
    db.insertInto('connection').values({ requesterId: ids[x]!, addresseeId: ids[y]!, state, note: null, createdAt: new Date() }).execute()
  // Directions mixed on purpose: an accepted row is an undirected edge.
  await edge('v', 'a')
  await edge('b', 'a')
  await edge('b', 'c')
  await edge('d', 'c')
  await edge('e', 'f')
  await edge('g', 'v')
  await edge('g', 'b')
  await edge('a', 'h')
  await edge('c', 'h')
  await edge('v', 'p', 'pending')
  await edge('p', 'i', 'accepted')
})
after(() => database.close())

describe('degreesFrom', () => {
  it('answers 1, 2, 3 and nothing beyond, for a whole set in one call', async () => {
    const d = await degreesFrom(database.db, ids.v!, names.map((n) => ids[n]!))
    const by = Object.fromEntries(names.map((n) => [n, d.get(ids[n]!) ?? null]))
    assert.deepEqual(by, { v: null, a: 1, b: 2, c: 3, d: null, e: null, f: null, g: 1, h: 2, p: null, i: null })
  })

  it('is symmetric and takes the shortest path', async () => {
    assert.equal((await degreesFrom(database.db, ids.c!, [ids.v!])).get(ids.v!), 3)
    assert.equal((await degreesFrom(database.db, ids.d!, [ids.a!])).get(ids.a!), 3)
    assert.equal((await degreesFrom(database.db, ids.d!, [ids.b!])).get(ids.b!), 2)
    assert.equal((await degreesFrom(database.db, ids.h!, [ids.b!])).get(ids.b!), 2)
  })

  it('answers nothing for an empty set or oneself, and duplicates once', async () => {
    assert.equal((await degreesFrom(database.db, ids.v!, [])).size, 0)
    assert.equal((await degreesFrom(database.db, ids.v!, [ids.v!])).size, 0)
    assert.deepEqual([...(await degreesFrom(database.db, ids.v!, [ids.a!, ids.a!])).entries()], [[ids.a!, 1]])
  })
})

describe('mutualCounts', () => {
  it('counts shared connections per member', async () => {
    const m = await mutualCounts(database.db, ids.v!, [ids.b!, ids.h!, ids.c!, ids.a!])
    assert.equal(m.get(ids.b!), 2) // a and g
    assert.equal(m.get(ids.h!), 1) // a
    assert.equal(m.get(ids.c!), undefined)
    assert.equal(m.get(ids.a!), undefined)
  })
})
