import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { AppContext } from '../../context.js'
import type { DB } from '../../db/schema.js'
import { AppError } from '../../errors.js'
import { verifyToken } from './crypto/blind-sign.js'
import { epochOf, nextEpochOf, previousEpochOf, type Purpose } from './epochs.js'

export class InvalidTokenError extends AppError {
  override name = 'InvalidTokenError'
  constructor(detail = 'The token is not signed by a current issuer key.') {
    super(403, 'invalid_token', 'Invalid token', detail)
  }
}
export class TokenSpentError extends AppError {
  override name = 'TokenSpentError'
  constructor() {
    super(409, 'token_spent', 'Token already used', 'This token was already spent. Each token pays for one post.')
  }
}

/** Length of a prepared message: 32 random bytes (RFC 9474 prepare) + our 32-byte message. */
const PREPARED_MESSAGE_BYTES = 64

export interface RedeemableToken {
  keyId: string
  message: string
  signature: string
}

/**
 * Checks a token: a known key, whose epoch is the current one, the previous one (a token is valid
 * in its epoch and the next) or the next one (published during an epoch's last day), and a valid
 * RFC 9474 signature over the prepared message. Does not spend it.
 */
export async function checkToken(ctx: AppContext, token: RedeemableToken) {
  const message = Buffer.from(token.message, 'base64url')
  const signature = Buffer.from(token.signature, 'base64url')
  if (message.length !== PREPARED_MESSAGE_BYTES || message.toString('base64url') !== token.message) throw new InvalidTokenError('The token message is malformed.')
  const key = await ctx.db.selectFrom('talkIssuerKey').select(['keyId', 'companySlug', 'purpose', 'epoch', 'publicKey']).where('keyId', '=', token.keyId).executeTakeFirst()
  if (!key) throw new InvalidTokenError('No issuer key has this id.')
  const now = ctx.clock.now()
  const purpose = key.purpose as Purpose
  if (![previousEpochOf(purpose, now), epochOf(purpose, now), nextEpochOf(purpose, now)].includes(key.epoch)) {
    throw new InvalidTokenError('The token has expired: tokens are valid in their epoch and the next.')
  }
  if (!(await verifyToken(key.publicKey, message, signature))) throw new InvalidTokenError()
  return { ...key, message }
}

/** Records the token as spent inside the caller's transaction; a second use throws TokenSpentError. */
export async function spendToken(tx: Kysely<DB>, message: Buffer, epoch: string): Promise<void> {
  const tokenHash = crypto.createHash('sha256').update(message).digest()
  // Under concurrency the unique key makes every other inserter wait for the first one's commit,
  // then find the row: exactly one use succeeds, across any number of processes.
  const inserted = await tx.insertInto('talkSpentToken').values({ tokenHash, epoch }).onConflict((oc) => oc.doNothing()).returning('epoch').executeTakeFirst()
  if (!inserted) throw new TokenSpentError()
}
