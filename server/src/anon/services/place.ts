import { TALK } from '../../../../shared/src/api/limits.js'
import { AppError, ValidationError } from '../../errors.js'
import type { AnonContext } from '../context.js'
import type { CheckedToken } from './redeem.js'

/**
 * Where an anonymous post may go (DESIGN §5b). A channel (open or topic, not archived for a new
 * thread), or a company board — which only a token of that company's own `talk` key opens: such
 * tokens are issued to its current verified employees alone, so the board needs no account to
 * check it.
 */
export class BoardTokenError extends AppError {
  override name = 'BoardTokenError'
  constructor() {
    super(403, 'not_member', 'Employees only', "Posting on a company's board takes a token of that company's own key: its current verified employees have them.")
  }
}
export class ChannelArchivedError extends AppError {
  override name = 'ChannelArchivedError'
  constructor() {
    super(409, 'channel_archived', 'Channel archived', 'This channel takes no new threads; its threads stay readable.')
  }
}
export class WrongPurposeError extends AppError {
  override name = 'WrongPurposeError'
  constructor(wanted: string) {
    // The token itself is good (nothing says its key is bad): `reason` lets a client tell its own mistake apart.
    super(403, 'invalid_token', 'Invalid token', `This write is paid with a token of a \`${wanted}\` key.`, {}, { reason: 'wrong_purpose' })
  }
}

export interface Place {
  channel: string
  /** A company board: its threads are in no public list or stream. */
  board: boolean
}

/** Where a new thread goes, checked against the token paying for it. */
export async function placeForThread(ctx: AnonContext, channel: string | undefined, token: CheckedToken): Promise<Place> {
  const slug = channel ?? TALK.openChannel
  const row = await ctx.db.selectFrom('talkChannel').select(['archived']).where('slug', '=', slug).executeTakeFirst()
  if (row) {
    if (row.archived) throw new ChannelArchivedError()
    return { channel: slug, board: false }
  }
  const company = await ctx.db.selectFrom('company').select('slug').where('slug', '=', slug).executeTakeFirst()
  if (!company) throw new ValidationError('/channel: no such channel', [{ field: '/channel', message: 'is not a channel or a company board' }])
  assertBoardToken(slug, token)
  return { channel: slug, board: true }
}

/** A post in a board's thread needs a token of that company's `talk` key. */
export function assertBoardToken(companySlug: string, token: Pick<CheckedToken, 'companySlug' | 'purpose'>): void {
  if (token.companySlug !== companySlug || token.purpose !== 'talk') throw new BoardTokenError()
}

/** Posts are paid with talk keys; votes and poll answers with the `react` key. */
export function assertPostToken(token: Pick<CheckedToken, 'purpose'>): void {
  if (token.purpose !== 'talk' && token.purpose !== 'talk-former') throw new WrongPurposeError('talk')
}
export function assertReactToken(token: Pick<CheckedToken, 'purpose'>): void {
  if (token.purpose !== 'react') throw new WrongPurposeError('react')
}
