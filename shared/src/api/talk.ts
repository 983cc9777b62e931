import { Type, type Static } from '@sinclair/typebox'
import { TALK, TALK_TOKENS } from './limits.js'

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
      anonymitySet: Type.Integer({
        description: 'How many distinct accounts drew tokens from this key (exact below 10, then rounded down to a multiple of 5; refreshed at least every 5 minutes): the composer shows "you are one of ~N".',
      }),
    }),
  ),
  minTokenAgeS: Type.Integer({ description: 'TALK_MIN_TOKEN_AGE_S: seconds a client holds a token before spending it (DESIGN §2).' }),
  mixWindowS: Type.Integer({ description: 'TALK_MIX_WINDOW_S: anonymous writes are stored at the end of windows this long (0: at once); a writer asks GET /talk/writes after one.' }),
  logHead: Type.Object(
    { seq: Type.Integer(), hash: Type.String() },
    { description: 'The last entry of the key log when this directory was made; clients compare it with GET /talk/keys/log.' },
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

export const KeyLogEntry = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  keyId: Type.String(),
  company: Type.Union([Type.String(), Type.Null()]),
  purpose: Type.String(),
  epoch: Type.String(),
  prevHash: Type.String({ description: 'The previous entry\'s hash; "" for the first.' }),
  hash: Type.String({ description: 'base64url(SHA-256(UTF-8 of JSON.stringify([seq, keyId, company, purpose, epoch, prevHash])))' }),
})
export const KeyLog = Type.Object({ entries: Type.Array(KeyLogEntry) })
export type KeyLog = Static<typeof KeyLog>


export const Token = Type.Object(
  {
    keyId: B64url('the issuing key', 64),
    message: B64url('the prepared message (64 bytes), base64url', 100),
    signature: B64url('the RSA signature (256 bytes), base64url', 400),
  },
  { additionalProperties: false, description: 'A token from POST /talk/tokens, finalized by the client; single use.' },
)
export const Author = Type.Object(
  {
    publicKey: B64url('Ed25519 public key of the per-thread pseudonym', 64),
    signature: B64url('Ed25519 signature', 100),
  },
  { additionalProperties: false },
)
export type Author = Static<typeof Author>
export const Label = Type.Union([Type.Literal('company'), Type.Literal('alias')], {
  description: '`company`: "Employee of X" (or "Former employee of X", or "Verified professional" for the shared key); `alias`: a name derived from the pseudonym key.',
})
const Title = Type.String({ minLength: 1, maxLength: TALK.titleLength, pattern: '\\S' })
const Body = Type.String({ minLength: 1, maxLength: TALK.bodyLength, pattern: '\\S' })
export const Channel = Type.Union(TALK.channels.map((c) => Type.Literal(c)))

export const CreateThread = Type.Object(
  {
    token: Token,
    title: Title,
    body: Body,
    label: Label,
    author: Author,
    channel: Type.Optional(Channel),
    openerNonce: Type.Optional(B64url('the nonce the opener key was derived from (DESIGN §3), published with the thread', 64)),
  },
  { additionalProperties: false },
)
export type CreateThread = Static<typeof CreateThread>
export const ThreadCreated = Type.Object({ threadId: Type.String({ format: 'uuid' }), postId: Type.String({ format: 'uuid' }) })

export const CreateReply = Type.Object({ token: Token, body: Body, label: Label, author: Author }, { additionalProperties: false })
export type CreateReply = Static<typeof CreateReply>
export const ReplyCreated = Type.Object({ postId: Type.String({ format: 'uuid' }) })
export const ChangeAccepted = Type.Object({
  postId: Type.String({ format: 'uuid' }),
  revision: Type.Integer({ description: 'The revision the post has once this change is stored: ask GET /talk/writes/{postId}?revision=…' }),
})

export const WriteState = Type.Object({
  state: Type.Union([Type.Literal('pending'), Type.Literal('stored'), Type.Literal('held'), Type.Literal('refused')], {
    description: '`pending`: waiting for its mixing window; `stored`; `held`: waiting for a moderator; `refused`: see `code`.',
  }),
  code: Type.Optional(Type.String({ description: 'Why a write was refused, e.g. `token_spent`.' })),
  threadId: Type.Optional(Type.String({ format: 'uuid', description: 'A new thread that found its opener key had opened one already: that thread.' })),
  postId: Type.Optional(Type.String({ format: 'uuid' })),
})
export const WriteQuery = Type.Object({
  revision: Type.Optional(Type.Integer({ minimum: 1, description: 'For an edit or deletion: the revision it makes.' })),
})

export const EditPost = Type.Object(
  {
    title: Type.String({ maxLength: TALK.titleLength, description: 'The thread title after the edit for an opening post; "" for a reply.' }),
    body: Body,
    revision: Type.Integer({ minimum: 0, description: 'The revision the edit applies to (as last read).' }),
    author: Author,
  },
  { additionalProperties: false },
)
export type EditPost = Static<typeof EditPost>
export const DeletePost = Type.Object({ revision: Type.Integer({ minimum: 0 }), author: Author }, { additionalProperties: false })
export type DeletePost = Static<typeof DeletePost>

export const AuthorView = Type.Object({
  kind: Type.Union([Type.Literal('employee'), Type.Literal('former'), Type.Literal('professional'), Type.Literal('alias')]),
  company: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
  alias: Type.Union([Type.String(), Type.Null()]),
})
export const ThreadSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  channel: Type.String(),
  authorLabel: Type.String({ description: 'English text; `author` has the parts for other languages.' }),
  author: AuthorView,
  createdAt: Type.String({ format: 'date-time', description: 'To the minute.' }),
  lastPostAt: Type.String({ format: 'date-time' }),
  replyCount: Type.Integer(),
  score: Type.Integer(),
  openerNonce: Type.Union([Type.String(), Type.Null()], { description: 'DESIGN §3: lets a device restored from the recovery phrase find the threads it opened.' }),
})
export const ThreadList = Type.Object({ threads: Type.Array(ThreadSummary), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export type ThreadList = Static<typeof ThreadList>
export const PostView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  body: Type.String(),
  authorLabel: Type.String(),
  author: AuthorView,
  authorTag: Type.String({ description: '"OP" for the thread opener\'s key, then #2, #3… by first post in the thread.' }),
  authorKey: Type.String({ description: 'The pseudonym public key (base64url): a client recognises its own posts by it.' }),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revision: Type.Integer(),
  deleted: Type.Boolean(),
  isOpening: Type.Boolean({ description: 'The post that opened the thread (always the first).' }),
})
export const ThreadDetail = Type.Object({ thread: ThreadSummary, posts: Type.Array(PostView) })
export type ThreadDetail = Static<typeof ThreadDetail>
export const ThreadListQuery = Type.Object({
  sort: Type.Optional(Type.Union([Type.Literal('hot'), Type.Literal('new')], { default: 'hot' })),
  company: Type.Optional(Type.String({ maxLength: 64 })),
  channel: Type.Optional(Channel),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
})
