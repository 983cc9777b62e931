import crypto from 'node:crypto'
import { epochOf, nextEpochOf, type Purpose, previousEpochOf } from '../../../../shared/src/talk/epochs.js'
import { AppError } from '../../errors.js'
import type { AnonContext } from '../context.js'
import { verifyToken } from '../crypto/verify-token.js'

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

export interface CheckedToken {
  keyId: string
  /** The company the token speaks for: its key's, or the survivor's once that company merged. */
  companySlug: string | null
  purpose: Purpose
  epoch: string
  /** SHA-256 of the prepared message: what the spent-token table keeps. */
  hash: Buffer
}

export function tokenHashOf(message: Uint8Array): Buffer {
  return crypto.createHash('sha256').update(message).digest()
}

async function publicKeyOf(ctx: AnonContext, keyId: string) {
  const cached = ctx.caches.publicKeys.get(keyId)
  if (cached) return cached
  const key = await ctx.db.selectFrom('talkIssuerKey').select(['keyId', 'companySlug', 'purpose', 'epoch', 'publicKey']).where('keyId', '=', keyId).executeTakeFirst()
  if (key) ctx.caches.publicKeys.set(keyId, key)
  return key
}

/**
 * Checks a token: a known key, whose epoch is the current one, the previous one (a token is valid
 * in its epoch and the next) or the next one (published during an epoch's last day), a valid
 * RFC 9474 signature over the prepared message, and not spent yet. Does not spend it: the mixed
 * commit does (mixer.ts), and refuses it there if another process spent it in the meantime.
 */
export async function checkToken(ctx: AnonContext, token: RedeemableToken): Promise<CheckedToken> {
  const message = Buffer.from(token.message, 'base64url')
  const signature = Buffer.from(token.signature, 'base64url')
  if (message.length !== PREPARED_MESSAGE_BYTES || message.toString('base64url') !== token.message) throw new InvalidTokenError('The token message is malformed.')
  const key = await publicKeyOf(ctx, token.keyId)
  if (!key) throw new InvalidTokenError('No issuer key has this id.')
  const now = ctx.clock.now()
  if (![previousEpochOf(key.purpose, now), epochOf(key.purpose, now), nextEpochOf(key.purpose, now)].includes(key.epoch)) {
    throw new InvalidTokenError('The token has expired: tokens are valid in their epoch and the next.')
  }
  if (!(await verifyToken(key.publicKey, message, signature))) throw new InvalidTokenError()
  const hash = tokenHashOf(message)
  if (await isSpent(ctx, hash)) throw new TokenSpentError()
  return { keyId: key.keyId, companySlug: await speaksFor(ctx, key.companySlug), purpose: key.purpose, epoch: key.epoch, hash }
}

/**
 * The company a key's tokens speak for: its own, or — the company merged into another — the
 * survivor's (company_merge is kept flat). A merged company's members drew these tokens as its
 * employees; they are the survivor's employees now, and post, review and vote as such.
 */
async function speaksFor(ctx: AnonContext, companySlug: string | null): Promise<string | null> {
  if (companySlug === null) return null
  const merged = await ctx.db.selectFrom('companyMerge').select('intoSlug').where('fromSlug', '=', companySlug).executeTakeFirst()
  return merged?.intoSlug ?? companySlug
}

export async function isSpent(ctx: AnonContext, hash: Buffer): Promise<boolean> {
  return (await ctx.db.selectFrom('talkSpentToken').select('tokenHash').where('tokenHash', '=', hash).executeTakeFirst()) !== undefined
}
