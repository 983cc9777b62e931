import type { Static } from '@sinclair/typebox'
import type { CreateChannel, TalkChannel, UpdateChannel } from '../../../../shared/src/api/talk.js'
import { type AppContext, dayOf } from '../../context.js'
import { AppError, NotFoundError } from '../../errors.js'
import { countCurrentMembers, currentCompaniesOf, isCurrentMember } from '../verifications/membership.js'
import { roundAnonymitySet } from './keys.js'

/**
 * Work Talk's channels (DESIGN §5b): the open channel and the topic channels admins manage, and a
 * company board per company with a key of its own — readable and writable by its current
 * verified employees alone. A board is not a row: it is the channel named by its company's slug.
 */

export class NotMemberError extends AppError {
  override name = 'NotMemberError'
  constructor() {
    super(403, 'not_member', 'Employees only', "A company's board is for its current verified employees.")
  }
}
export class NoBoardError extends AppError {
  override name = 'NoBoardError'
  constructor(min: number) {
    super(404, 'no_board', 'No board yet', `A company gets a board once ${min} of its employees have verified: fewer would be too easy to tell apart.`)
  }
}
export class SlugTakenError extends AppError {
  override name = 'SlugTakenError'
  constructor() {
    super(409, 'slug_taken', 'Slug in use', 'A channel or a company already has this slug.')
  }
}

export type Where = { kind: 'channel'; slug: string } | { kind: 'board'; slug: string; companyId: string }

/** Whether a company has a board: as many current members as a key of its own needs. */
async function hasBoard(ctx: AppContext, companyId: string): Promise<boolean> {
  return (await countCurrentMembers(ctx.db, companyId, dayOf(ctx.clock.now()))) >= ctx.config.minAnonymitySet
}

/**
 * Where a slug leads, for this reader: a channel (any verified member), or a board the reader may
 * read — else 403 not_member (not an employee), 404 no_board (too few members), 404 (nothing).
 */
export async function resolveChannel(ctx: AppContext, accountId: string, slug: string): Promise<Where> {
  const channel = await ctx.db.selectFrom('talkChannel').select('slug').where('slug', '=', slug).executeTakeFirst()
  if (channel) return { kind: 'channel', slug }
  const company = await ctx.db.selectFrom('company').select(['id', 'slug']).where('slug', '=', slug).executeTakeFirst()
  if (!company) throw new NotFoundError('channel')
  if (!(await isCurrentMember(ctx, accountId, slug))) throw new NotMemberError()
  if (!(await hasBoard(ctx, company.id))) throw new NoBoardError(ctx.config.minAnonymitySet)
  return { kind: 'board', slug, companyId: company.id }
}

/** A board thread is read by its company's current employees alone. */
export async function assertMayReadThread(ctx: AppContext, accountId: string, thread: { board: boolean; channel: string }): Promise<void> {
  if (thread.board && !(await isCurrentMember(ctx, accountId, thread.channel))) throw new NotMemberError()
}

/**
 * The boards whose threads a reader may read (the same rule as assertMayReadThread, for a list that
 * filters in SQL): the slugs of the reader's current employers.
 */
export async function readableBoards(ctx: AppContext, accountId: string): Promise<string[]> {
  return (await currentCompaniesOf(ctx, accountId)).map((c) => c.slug)
}

/** The channels a reader sees: every channel (archived ones marked) and a board entry per current employer. */
export async function listChannels(ctx: AppContext, accountId: string): Promise<Static<typeof TalkChannel>[]> {
  const rows = await ctx.db.selectFrom('talkChannel').selectAll().orderBy('position').orderBy('slug').execute()
  const channels: Static<typeof TalkChannel>[] = rows.map((r) => ({
    slug: r.slug,
    kind: r.kind,
    name: { en: r.nameEn, zh: r.nameZh },
    archived: r.archived,
    position: r.position,
    board: null,
  }))
  const today = dayOf(ctx.clock.now())
  const min = ctx.config.minAnonymitySet
  for (const c of await currentCompaniesOf(ctx, accountId)) {
    const members = await countCurrentMembers(ctx.db, c.id, today)
    channels.push({
      slug: c.slug,
      kind: 'board',
      name: { en: c.name, zh: c.name },
      archived: false,
      position: 10_000 + channels.length,
      board: { available: members >= min, memberCount: roundAnonymitySet(members), minMembers: min },
    })
  }
  return channels
}

export async function createChannel(ctx: AppContext, input: Static<typeof CreateChannel>): Promise<void> {
  const clash = await ctx.db.selectFrom('company').select('id').where('slug', '=', input.slug).executeTakeFirst()
  if (clash) throw new SlugTakenError()
  const last = await ctx.db.selectFrom('talkChannel').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst()
  const made = await ctx.db
    .insertInto('talkChannel')
    .values({ slug: input.slug, kind: 'topic', nameEn: input.nameEn.trim(), nameZh: input.nameZh.trim(), position: input.position ?? Number(last?.p ?? 0) + 1 })
    .onConflict((oc) => oc.doNothing())
    .returning('slug')
    .executeTakeFirst()
  if (!made) throw new SlugTakenError()
}

export async function updateChannel(ctx: AppContext, slug: string, input: Static<typeof UpdateChannel>): Promise<void> {
  const row = await ctx.db.selectFrom('talkChannel').select(['kind']).where('slug', '=', slug).executeTakeFirst()
  if (!row) throw new NotFoundError('channel')
  if (row.kind === 'open' && input.archived) throw new AppError(409, 'open_channel', 'The open channel stays', 'The open channel is where every post without a channel goes; it cannot be archived.')
  await ctx.db
    .updateTable('talkChannel')
    .set({
      ...(input.nameEn !== undefined && { nameEn: input.nameEn.trim() }),
      ...(input.nameZh !== undefined && { nameZh: input.nameZh.trim() }),
      ...(input.position !== undefined && { position: input.position }),
      ...(input.archived !== undefined && { archived: input.archived }),
    })
    .where('slug', '=', slug)
    .execute()
}

/** The board data of a company page. */
export async function boardOf(ctx: AppContext, accountId: string, company: { id: string; slug: string }) {
  const [available, member] = await Promise.all([hasBoard(ctx, company.id), isCurrentMember(ctx, accountId, company.slug)])
  return { available, minMembers: ctx.config.minAnonymitySet, member }
}
