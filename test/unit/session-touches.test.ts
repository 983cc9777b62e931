import assert from 'node:assert/strict'
import { describe, it, mock } from 'node:test'
import type { Kysely } from 'kysely'
import type { DB } from '../../server/src/db/schema.js'
import { SessionTouches, TOUCH_FLUSH_MS } from '../../server/src/services/sessions/touches.js'

/** A database whose transactions wait until released, counting how many began. */
function slowDb() {
  const waiting: (() => void)[] = []
  const state = { began: 0, release: () => waiting.shift()?.() }
  const db = {
    transaction: () => ({
      execute: async () => {
        state.began++
        await new Promise<void>((resolve) => waiting.push(resolve))
      },
    }),
  } as unknown as Kysely<DB>
  return { db, state }
}

describe('session days of use, written in batches', () => {
  it('does not arm its timer again when close() comes while a flush is running', async () => {
    mock.timers.enable({ apis: ['setTimeout'] })
    try {
      const { db, state } = slowDb()
      const touches = new SessionTouches(db, () => '2026-12-02')
      touches.start(() => {})
      touches.note('s1', '2026-12-01')
      mock.timers.tick(TOUCH_FLUSH_MS[1])
      assert.equal(state.began, 1, 'the timed flush began')
      touches.note('s2', '2026-12-01')
      const closing = touches.close()
      await new Promise((r) => setImmediate(r))
      state.release() // the timed flush ends after close() was called
      await new Promise((r) => setImmediate(r))
      state.release() // close()'s own flush
      await new Promise((r) => setImmediate(r))
      await closing
      const before = state.began
      touches.note('s3', '2026-12-01')
      mock.timers.tick(TOUCH_FLUSH_MS[1] * 3)
      await new Promise((r) => setImmediate(r))
      assert.equal(state.began, before, 'no flush after close: the timer was not armed again')
    } finally {
      mock.timers.reset()
    }
  })
  it('writes a day of use only once that day is over (the first batch after midnight), all of them when closing', async () => {
    const written: string[][] = []
    const db = {
      transaction: () => ({
        execute: async (fn: (tx: unknown) => Promise<void>) => {
          const days: string[] = []
          const chain = { set: (v: { lastUsedOn: string }) => (days.push(v.lastUsedOn), chain), where: () => chain, execute: async () => {} }
          await fn({ updateTable: () => chain })
          written.push(days)
        },
      }),
    } as unknown as Kysely<DB>
    let today = '2026-12-01'
    const touches = new SessionTouches(db, () => today)
    touches.note('s1', '2026-12-01')
    await touches.flush()
    assert.deepEqual(written, [], 'nothing written during the day the session was used')
    today = '2026-12-02'
    touches.note('s2', '2026-12-02')
    await touches.flush()
    assert.deepEqual(written, [['2026-12-01']], "the day that ended is written, today's waits")
    assert.equal(touches.noted('s2', '2026-12-02'), true, "today's use stays noted")
    await touches.close()
    assert.deepEqual(written, [['2026-12-01'], ['2026-12-02']], 'closing writes what is pending')
  })
})
