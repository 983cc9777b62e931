/**
 * What the timing tests share: a scenario run on a fresh app and database, handed to the storage
 * adversary, attacked, and reported.
 */
import assert from 'node:assert/strict'
import type { TestContext } from 'node:test'
import { sql } from 'kysely'
import { epochOf } from '../../shared/src/talk/epochs.js'
import { buildTestApp, type TestApp, testClock } from '../support/app.js'
import { adjacencyAttack, buildTimeline, type KeyInfo, orderWithinWindows, type PostRow, runAttacks, type Scored } from './attacks.js'
import { mondayOf, Sim, type SimConfig, type SimTruth } from './sim.js'
import { openStorageAdversary, storageUnavailable } from './storage.js'

const START = mondayOf(new Date('2026-11-02T12:00:00Z'))
const MIN = 5
const talkEpoch = (d: Date) => epochOf('talk', d)
/** The design's window: what the adversary may know of when a post was stored. */
const WINDOW_MS = 30_000

export interface Run {
  truth: SimTruth
  results: Scored[]
  adjacency: Scored
  order: Scored
}

/** Runs a scenario on a fresh app and database, and hands the adversary the storage views. */
export async function scenario(config: SimConfig, env: Record<string, string> = {}, plantEpoch = false): Promise<Run | string> {
  const clock = testClock(new Date(START - 14 * 24 * 3_600_000))
  const t: TestApp = await buildTestApp({ clock, inspect: true, env: { MIN_ANONYMITY_SET: String(MIN), TALK_MIX_WINDOW_S: '30', TALK_MIN_TOKEN_AGE_S: '3600', ...env } })
  try {
    const missing = await storageUnavailable(t.ctx.database)
    if (missing) return missing
    const adversary = await openStorageAdversary(t.ctx.database)
    try {
      const truth = await new Sim(t, clock, config, START).run()
      if (plantEpoch) await plantSpentEpochs(t, truth)
      const view = await adversary.view()
      const keys = (await t.ctx.db.selectFrom('talkIssuerKey').select(['keyId', 'companySlug', 'purpose', 'epoch']).execute()).map((k): KeyInfo => ({ keyId: k.keyId, company: k.companySlug, purpose: k.purpose, epoch: k.epoch }))
      const rows = (await t.ctx.db.selectFrom('talkPost').select(['id', 'threadId', 'label', 'voice', 'companySlug', 'authorKey', 'isOpening', 'createdAt']).execute()).map(
        (r): PostRow => ({ ...r, authorKey: r.authorKey.toString('base64url') }),
      )
      const spent = plantEpoch
        ? (await sql<{ tokenHash: Buffer; epoch: string }>`select token_hash as "tokenHash", epoch from talk_spent_token`.execute(t.ctx.db)).rows
        : (await t.ctx.db.selectFrom('talkSpentToken').select(['tokenHash']).execute()).map((s) => ({ ...s, epoch: null }))
      const tl = buildTimeline(view, truth, keys, rows, spent)
      // The adversary's reconstruction is complete: every post found in the WAL, every author in its post's set.
      assert.equal(tl.posts.size, truth.posts.length, 'every post found in a WAL transaction')
      for (const p of truth.posts) assert.ok(tl.draws.some((d) => d.account === p.author), 'the author\'s draws were found')
      const results = runAttacks(tl, truth, talkEpoch, { observedKeys: config.victim !== undefined })
      return { truth, results, adjacency: adjacencyAttack(tl, truth, WINDOW_MS), order: orderWithinWindows(tl, truth, WINDOW_MS) }
    } finally {
      await adversary.close()
    }
  } finally {
    await t.close()
  }
}

/** The old spent-token row: the epoch of the key that signed the token, written with the post. */
async function plantSpentEpochs(t: TestApp, truth: SimTruth) {
  await sql`alter table talk_spent_token add column epoch text`.execute(t.ctx.db)
  for (const p of truth.posts) await sql`update talk_spent_token set epoch = ${p.keyEpoch} where token_hash = ${Buffer.from(p.tokenHash, 'hex')}`.execute(t.ctx.db)
}

export function report(t: TestContext, title: string, run: Run) {
  t.diagnostic(`${title}: ${run.truth.posts.length} posts by ${run.truth.members.length} accounts, ${run.truth.draws.length} draws`)
  for (const r of [...run.results, run.adjacency, run.order]) {
    t.diagnostic(`  ${r.attack.padEnd(34)} ${r.accuracy.toFixed(1).padStart(6)} right vs chance ${r.chance.toFixed(1).padStart(6)} (bound ${r.bound.toFixed(1)})`)
  }
}
export const fired = (run: Run, attack: string) => [...run.results, run.adjacency, run.order].find((r) => r.attack === attack)!

/** Realistic clients: three epochs, companies big and small, newcomers, hot moments. */
export const REALISTIC: SimConfig = {
  companies: { 'alpha-corp': 9, 'beta-labs': 7, 'tiny-shop': 3 },
  newcomers: { company: 'alpha-corp', count: 2, epoch: 1 },
  epochs: 3,
  allowance: 5,
  behaviour: 'realistic',
  posts: { light: [0, 2], heavy: [4, 6], heavyShare: 0.2 },
  hot: { perEpoch: 2, minutes: 3, share: 0.5 },
}

/** The planted runs: smaller, and one epoch — each leak is loud enough to show there. */
export const SMALL: SimConfig = {
  companies: { 'alpha-corp': 8, 'tiny-shop': 3 },
  epochs: 1,
  allowance: 4,
  behaviour: 'realistic',
  posts: { light: [1, 3], heavy: [6, 10], heavyShare: 0.3 },
  hot: { perEpoch: 2, minutes: 3, share: 0.6 },
}
