import { Type, type Static } from '@sinclair/typebox'
import { MESSAGES } from './limits.js'
import { Cursor } from './network.js'

const Handle = Type.String({ minLength: 1, maxLength: 64 })
/** Plain text: newlines and tabs, no other control character; not only white space. */
export const MessageBody = Type.String({
  minLength: 1,
  maxLength: MESSAGES.bodyLength,
  pattern: '^[^\\u0000-\\u0008\\u000B-\\u001F\\u007F]*[^\\s\\u0000-\\u001F\\u007F][^\\u0000-\\u0008\\u000B-\\u001F\\u007F]*$',
  description: `Plain text, 1–${MESSAGES.bodyLength} characters, not only white space; no control characters but newline and tab.`,
})

export const CreateConversation = Type.Object(
  {
    handles: Type.Array(Handle, { minItems: 1, maxItems: MESSAGES.maxParticipants - 1, uniqueItems: true, description: `The other participants (at most ${MESSAGES.maxParticipants - 1}).` }),
    body: Type.Optional(MessageBody),
  },
  { additionalProperties: false },
)
export type CreateConversation = Static<typeof CreateConversation>

export const ConversationCreated = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const ParticipantCard = Type.Object({ handle: Type.String(), name: Type.String() })
export type ParticipantCard = Static<typeof ParticipantCard>

export const Message = Type.Object({
  id: Type.String({ description: 'Increasing with the order messages were stored in.' }),
  conversationId: Type.String({ format: 'uuid' }),
  body: Type.String(),
  sender: ParticipantCard,
  mine: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time', description: 'To the minute.' }),
})
export type Message = Static<typeof Message>

export const ConversationState = Type.Union([Type.Literal('active'), Type.Literal('request')], {
  description: 'active: a normal conversation; request: a message request to the viewer, waiting for accept or decline.',
})

export const ConversationSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  state: ConversationState,
  group: Type.Boolean(),
  /** The other participants. */
  participants: Type.Array(ParticipantCard),
  lastMessage: Type.Union([Message, Type.Null()]),
  unread: Type.Integer(),
  /** The viewer may post (false while a block stands between the viewer and someone in it). */
  canPost: Type.Boolean(),
})
export type ConversationSummary = Static<typeof ConversationSummary>

export const ConversationList = Type.Object({
  conversations: Type.Array(ConversationSummary),
  /** Unread messages in all the viewer's active conversations (requests not counted). */
  unreadTotal: Type.Integer(),
  /** Message requests waiting. */
  requests: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
export type ConversationList = Static<typeof ConversationList>

export const ConversationQuery = Type.Object(
  { box: Type.Optional(Type.Union([Type.Literal('inbox'), Type.Literal('requests')], { description: 'inbox (default) or requests.' })), cursor: Cursor },
  { additionalProperties: false },
)

export const MessagePage = Type.Object({
  conversation: ConversationSummary,
  /** Newest first. */
  messages: Type.Array(Message),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
export type MessagePage = Static<typeof MessagePage>

export const MessageQuery = Type.Object({ cursor: Cursor }, { additionalProperties: false })
export const PostMessage = Type.Object({ body: MessageBody }, { additionalProperties: false })
export type PostMessage = Static<typeof PostMessage>
