import { Type, type Static } from '@sinclair/typebox'
import { TALK, TALK_FORUM, TALK_TOKENS } from './limits.js'

const B64url = (description: string, maxLength = 1024) => Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength, description })

export const TalkPurpose = Type.Union([
  Type.Literal('talk'),
  Type.Literal('talk-former'),
  Type.Literal('react'),
  Type.Literal('review'),
  Type.Literal('salary'),
  Type.Literal('interview'),
])

export const KeyDirectory = Type.Object({
  keys: Type.Array(
    Type.Object({
      keyId: Type.String({ description: 'base64url(SHA-256(SPKI DER))' }),
      company: Type.Union([Type.String(), Type.Null()], { description: 'company slug; null: any verified professional' }),
      purpose: TalkPurpose,
      epoch: Type.String({ description: 'ISO week (2026-W48) for talk, talk-former and react keys; the year for review, salary and interview keys' }),
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
export const ChannelSlug = Type.String({
  pattern: TALK_FORUM.channelSlugPattern,
  maxLength: 64,
  description: `A channel's slug, or a company board's (the company's slug). None: "${TALK.openChannel}", the open channel.`,
})
const Uuid = Type.String({ format: 'uuid' })
export const ImageIds = Type.Array(Uuid, {
  maxItems: TALK_FORUM.images.perPost,
  uniqueItems: true,
  description: `Images uploaded with POST /talk/images (at most ${TALK_FORUM.images.perPost}), shown in this order; signed over the v2 tuple.`,
})
export const PollInput = Type.Object(
  {
    options: Type.Array(Type.String({ minLength: 1, maxLength: TALK_FORUM.poll.optionLength, pattern: '\\S' }), {
      minItems: TALK_FORUM.poll.minOptions,
      maxItems: TALK_FORUM.poll.maxOptions,
    }),
    closesAt: Type.String({
      format: 'date-time',
      description: `When answers stop: a whole hour (UTC, no minutes or seconds — a finer time would tell when the poll was written), between ${TALK_FORUM.poll.minOpenS / 3600} hour and ${TALK_FORUM.poll.maxOpenS / 86400} days after the thread is stored. Signed as sent.`,
    }),
  },
  { additionalProperties: false },
)
export type PollInput = Static<typeof PollInput>

export const CreateThread = Type.Object(
  {
    token: Token,
    title: Title,
    body: Body,
    label: Label,
    author: Author,
    channel: Type.Optional(ChannelSlug),
    imageIds: Type.Optional(ImageIds),
    poll: Type.Optional(PollInput),
    openerNonce: Type.Optional(B64url('the nonce the opener key was derived from (DESIGN §3), published with the thread', 64)),
  },
  { additionalProperties: false },
)
export type CreateThread = Static<typeof CreateThread>
export const ThreadCreated = Type.Object({ threadId: Type.String({ format: 'uuid' }), postId: Type.String({ format: 'uuid' }) })

export const CreateReply = Type.Object(
  {
    token: Token,
    body: Body,
    label: Label,
    author: Author,
    imageIds: Type.Optional(ImageIds),
  },
  { additionalProperties: false, description: 'A reply signs the channel as "general" in the v2 tuple whatever its thread\'s channel is (the thread fixes where it is), so v1 stays valid for a reply without images.' },
)
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
  voter: Type.Optional(B64url('For a vote: the voting pseudonym key (the path names the post).', 64)),
  answerer: Type.Optional(B64url('For a poll answer: the answering pseudonym key (the path names the poll, i.e. its thread).', 64)),
  image: Type.Optional(Type.Boolean({ description: 'For an upload: the path names the image.' })),
  reporter: Type.Optional(B64url('For a report: the reporting pseudonym key (the path names the post); with `proof` signing "report".', 64)),
  appeal: Type.Optional(Type.Boolean({ description: 'For an appeal: the path names the appeal (its appealId).' })),
  record: Type.Optional(
    Type.Union([Type.Literal('review'), Type.Literal('salary'), Type.Literal('interview'), Type.Literal('helpful')], {
      description: 'For a company record: the path names the review, salary report or interview report; for a helpful mark, the review (with `voter` and `proof`, the proof signing "helpful").',
    }),
  ),
  proof: Type.Optional(
    B64url('With `voter` or `answerer` (required): that key\'s Ed25519 signature of ["watercooler/v1/write-state", id, "vote" | "answer"], so only the pseudonym itself can ask.', 100),
  ),
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

/** A post's or thread's moderation as readers see it, in its place. */
export const ModerationView = Type.Object({
  state: Type.Union([Type.Literal('held'), Type.Literal('hidden'), Type.Literal('removed')]),
  reason: Type.String({ description: 'A report reason or a check rule (e.g. `phone_number`).' }),
  appeal: Type.Union([Type.Literal('open'), Type.Literal('upheld'), Type.Literal('reversed'), Type.Null()], { description: 'The latest appeal of the decision, if any.' }),
})
export type ModerationView = Static<typeof ModerationView>

/** Content with no author key (real-name content, reviews, interview reports): a moderator's decision in its place, no appeal by key. */
export const ContentModeration = Type.Union([
  Type.Object({ state: Type.Union([Type.Literal('hidden'), Type.Literal('removed')]), reason: Type.String({ description: 'A report reason, e.g. `harassment`.' }) }),
  Type.Null(),
])
export type ContentModeration = Static<typeof ContentModeration>

export const AuthorView = Type.Object({
  kind: Type.Union([Type.Literal('employee'), Type.Literal('former'), Type.Literal('professional'), Type.Literal('alias')]),
  company: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
  alias: Type.Union([Type.String(), Type.Null()]),
})
export const ImageView = Type.Object({
  id: Uuid,
  mediaType: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  url: Type.String({ description: 'GET it with the session: our origin, immutable, long cache.' }),
})
export const Highlight = Type.Object(
  {
    postId: Uuid,
    excerpt: Type.String({ description: `The first ${TALK_FORUM.highlightLength} characters.` }),
    author: AuthorView,
    authorLabel: Type.String(),
    authorTag: Type.String(),
    authorKey: Type.String({ description: "The reply's pseudonym public key (base64url): an alias is derived from it in the reader's language." }),
    score: Type.Integer(),
  },
  { description: 'The most upvoted reply (score above 0), as Maimai shows under a thread.' },
)
export const ThreadSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  channel: Type.String(),
  authorLabel: Type.String({ description: 'English text; `author` has the parts for other languages.' }),
  author: AuthorView,
  authorKey: Type.String({ description: "The opening post's pseudonym public key (base64url): an alias is derived from it in the reader's language." }),
  openingPostId: Type.String({ format: 'uuid', description: 'The opening post: its votes are the thread\'s score.' }),
  createdAt: Type.String({ format: 'date-time', description: 'To the minute.' }),
  lastPostAt: Type.String({ format: 'date-time' }),
  replyCount: Type.Integer(),
  score: Type.Integer({ description: "The opening post's upvotes minus downvotes." }),
  excerpt: Type.String({ description: `The opening post's first ${TALK_FORUM.excerptLength} characters (Markdown as written).` }),
  highlight: Type.Union([Highlight, Type.Null()]),
  hasPoll: Type.Boolean(),
  imageCount: Type.Integer({ description: "Images on the opening post." }),
  openerNonce: Type.Union([Type.String(), Type.Null()], { description: 'DESIGN §3: lets a device restored from the recovery phrase find the threads it opened.' }),
  locked: Type.Boolean({ description: 'Locked by a moderator: no more replies (403 `thread_locked`).' }),
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
  score: Type.Integer(),
  ups: Type.Integer(),
  downs: Type.Integer(),
  images: Type.Array(ImageView),
  moderation: Type.Union([ModerationView, Type.Null()], { description: 'Held, hidden or removed: the body is "" and this says why, in its place.' }),
})
export const PollView = Type.Object({
  options: Type.Array(Type.String()),
  counts: Type.Array(Type.Integer(), { description: "Answers per option. Public: the web client hides them until it has answered (the server cannot know who did) or the poll is closed." }),
  total: Type.Integer(),
  closesAt: Type.String({ format: 'date-time' }),
  closed: Type.Boolean(),
})
export const ThreadDetail = Type.Object({
  thread: ThreadSummary,
  posts: Type.Array(PostView, { description: `Oldest first, at most ${TALK.postsPerPage} a page.` }),
  poll: Type.Union([PollView, Type.Null()]),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'The next page of posts: GET the thread again with `?cursor=`; null on the last page.' }),
})
export const ThreadPageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'A `nextCursor` of this thread.' })),
})
export type ThreadDetail = Static<typeof ThreadDetail>
export const ThreadListQuery = Type.Object({
  sort: Type.Optional(Type.Union([Type.Literal('hot'), Type.Literal('new'), Type.Literal('top')], { default: 'hot' })),
  period: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { default: 'week', description: 'For `top`: how far back.' })),
  company: Type.Optional(Type.String({ maxLength: 64, description: 'Only threads opened under this company\'s label.' })),
  channel: Type.Optional(ChannelSlug),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
})
export type ThreadListQuery = Static<typeof ThreadListQuery>

export const ChannelName = Type.String({ minLength: 1, maxLength: TALK_FORUM.channelNameLength, pattern: '\\S' })
export const TalkChannel = Type.Object({
  slug: Type.String(),
  kind: Type.Union([Type.Literal('open'), Type.Literal('topic'), Type.Literal('board')]),
  name: Type.Object({ en: Type.String(), zh: Type.String() }, { description: "A board's name is its company's, in both." }),
  archived: Type.Boolean({ description: 'Archived channels keep their threads readable and take no new ones.' }),
  position: Type.Integer(),
  board: Type.Union(
    [
      Type.Object({
        available: Type.Boolean({ description: 'false: the company has fewer than MIN_ANONYMITY_SET current verified members, so no key and no board of its own yet.' }),
        memberCount: Type.Integer({ description: 'Current verified members, rounded like anonymitySet.' }),
        minMembers: Type.Integer({ description: 'MIN_ANONYMITY_SET.' }),
      }),
      Type.Null(),
    ],
    { description: 'For a board (one per company the reader currently works at): whether it exists yet, and why not.' },
  ),
})
export type TalkChannel = Static<typeof TalkChannel>
export const ChannelList = Type.Object({ channels: Type.Array(TalkChannel), nextCursor: Type.Null() })
export const CreateChannel = Type.Object(
  {
    slug: ChannelSlug,
    nameEn: ChannelName,
    nameZh: ChannelName,
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  },
  { additionalProperties: false },
)
export const UpdateChannel = Type.Object(
  {
    nameEn: Type.Optional(ChannelName),
    nameZh: Type.Optional(ChannelName),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    archived: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const CastVote = Type.Object(
  {
    token: Type.Optional(Token),
    postId: Uuid,
    value: Type.Union([Type.Literal(1), Type.Literal(-1), Type.Literal(0)], { description: '1 up, -1 down, 0 withdraw.' }),
    author: Author,
  },
  {
    additionalProperties: false,
    description:
      'Signed by the voter\'s pseudonym key of the post\'s thread over JSON.stringify(["watercooler/v1/vote", postId, value, token.message or ""]). The first vote of a key on a post spends a `react` token; changing or withdrawing it needs none (a token sent anyway is spent).',
  },
)
export type CastVote = Static<typeof CastVote>
export const VoteAccepted = Type.Object({ postId: Uuid, value: Type.Integer() })
export const AnswerPoll = Type.Object(
  {
    token: Token,
    option: Type.Integer({ minimum: 0, maximum: TALK_FORUM.poll.maxOptions - 1, description: "The option's index." }),
    author: Author,
  },
  {
    additionalProperties: false,
    description: 'Signed by the answerer\'s pseudonym key of the poll\'s thread over JSON.stringify(["watercooler/v1/poll", pollId, option, token.message]); a `react` token; one answer per key and poll, final.',
  },
)
export type AnswerPoll = Static<typeof AnswerPoll>
export const PollAnswered = Type.Object({ pollId: Uuid })
export const ImageUploaded = Type.Object({
  imageId: Uuid,
  mediaType: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  bytes: Type.Integer(),
})

export const PublicThread = Type.Object({
  id: Uuid,
  title: Type.String(),
  excerpt: Type.String(),
  replyCount: Type.Integer(),
  score: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type PublicThread = Static<typeof PublicThread>
export const PublicHot = Type.Object({ threads: Type.Array(PublicThread), nextCursor: Type.Null() })
