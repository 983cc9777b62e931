import { sql } from 'kysely'
import { MODERATION } from '../../../../shared/src/api/limits.js'
import type { Transparency } from '../../../../shared/src/api/moderation.js'
import type { AppContext } from '../../context.js'
import { AppError } from '../../errors.js'

/** GET /moderation/log: the public, hash-chained log, oldest first, a page after `cursor` (the last seq read). */
export async function moderationLogPage(ctx: AppContext, cursor?: string) {
  const after = cursor === undefined ? 0 : Number(cursor)
  const rows = await ctx.db
    .selectFrom('moderationLog')
    .select(['seq', 'day', 'action', 'reason', 'targetType', 'targetId', 'prevHash', 'hash'])
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(MODERATION.logPageSize + 1)
    .execute()
  const entries = rows.slice(0, MODERATION.logPageSize)
  return { entries, nextCursor: rows.length > MODERATION.logPageSize ? String(entries.at(-1)!.seq) : null }
}

export class BadQuarterError extends AppError {
  override name = 'BadQuarterError'
  constructor() {
    super(400, 'bad_quarter', 'No such quarter', 'A quarter is written like 2026-Q4, and not in the future.')
  }
}

/** The quarter a day is in, and its first and next-first days. */
export function quarterOf(q: string): { from: string; to: string } {
  const m = /^(\d{4})-Q([1-4])$/.exec(q)
  if (!m) throw new BadQuarterError()
  const year = Number(m[1])
  const first = (Number(m[2]) - 1) * 3
  const iso = (y: number, month: number) => `${y + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01`
  return { from: iso(year, first), to: iso(year, first + 3) }
}
export const currentQuarter = (now: Date) => `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`

/**
 * GET /moderation/transparency: a quarter in numbers — reports by reason (anonymous and
 * real-name), takedown requests, public actions by kind, automated holds, appeals and their
 * outcomes, legal requests and how many were answered with the allow-listed export. Counts only.
 */
export async function transparency(ctx: AppContext, quarter?: string): Promise<Transparency> {
  const now = ctx.clock.now()
  const q = quarter ?? currentQuarter(now)
  const { from, to } = quarterOf(q)
  if (from > now.toISOString().slice(0, 10)) throw new BadQuarterError()
  const inQuarter = (col: string) => sql<boolean>`${sql.ref(col)} >= ${from}::date and ${sql.ref(col)} < ${to}::date`
  const [talk, named, takedowns, actions, appeals, legal] = await Promise.all([
    ctx.db.selectFrom('talkReport').select(['reason', (eb) => eb.fn.countAll<string>().as('n')]).where(inQuarter('createdAt')).groupBy('reason').execute(),
    ctx.db.selectFrom('contentReport').select(['reason', (eb) => eb.fn.countAll<string>().as('n')]).where(inQuarter('createdAt')).groupBy('reason').execute(),
    ctx.db.selectFrom('takedownRequest').select((eb) => eb.fn.countAll<string>().as('n')).where(inQuarter('createdAt')).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('moderationLog').select(['action', (eb) => eb.fn.countAll<string>().as('n')]).where(inQuarter('day')).groupBy('action').execute(),
    ctx.db
      .selectFrom('talkAppeal')
      .select([
        (eb) => eb.fn.countAll<string>().as('received'),
        sql<string>`count(*) filter (where outcome = 'upheld')`.as('upheld'),
        sql<string>`count(*) filter (where outcome = 'reversed')`.as('reversed'),
      ])
      .where(inQuarter('createdAt'))
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('legalRequest')
      .select([(eb) => eb.fn.countAll<string>().as('received'), sql<string>`count(*) filter (where disclosed <> '')`.as('disclosed')])
      .where(inQuarter('receivedOn'))
      .executeTakeFirstOrThrow(),
  ])
  const reports: Record<string, number> = {}
  for (const r of [...talk, ...named]) reports[r.reason] = (reports[r.reason] ?? 0) + Number(r.n)
  const byAction = Object.fromEntries(actions.map((a) => [a.action, Number(a.n)]))
  return {
    quarter: q,
    reports,
    takedownRequests: Number(takedowns.n),
    actions: byAction,
    held: byAction.hold ?? 0,
    appeals: { received: Number(appeals.received), upheld: Number(appeals.upheld), reversed: Number(appeals.reversed) },
    legalRequests: { received: Number(legal.received), disclosed: Number(legal.disclosed) },
  }
}
