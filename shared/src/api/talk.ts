import { Type, type Static } from '@sinclair/typebox'
import { TALK_TOKENS } from './limits.js'

const B64url = (description: string, maxLength = 1024) => Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength, description })

export const TalkPurpose = Type.Union([Type.Literal('talk'), Type.Literal('talk-former'), Type.Literal('review'), Type.Literal('salary')])

export const KeyDirectory = Type.Object({
  keys: Type.Array(
    Type.Object({
      keyId: Type.String({ description: 'base64url(SHA-256(SPKI DER))' }),
      company: Type.Union([Type.String(), Type.Null()], { description: 'company slug; null: any verified professional' }),
      purpose: TalkPurpose,
      epoch: Type.String({ description: 'ISO week (2026-W48) for talk keys, year for review and salary keys' }),
      publicKey: Type.String({ description: 'base64url SPKI DER of an RSA-2048 key (RFC 9474 RSABSSA-SHA384-PSS-Randomized)' }),
    }),
  ),
})
export type KeyDirectory = Static<typeof KeyDirectory>

export const IssueTokens = Type.Object(
  {
    keyId: B64url('a keyId from the directory', 64),
    blindedMessages: Type.Array(B64url('RFC 9474 blinded message, base64url, 256 bytes', 400), { minItems: 1, maxItems: TALK_TOKENS.perRequest }),
  },
  { additionalProperties: false },
)
export type IssueTokens = Static<typeof IssueTokens>
export const TokensIssued = Type.Object({ blindSignatures: Type.Array(Type.String()) })
