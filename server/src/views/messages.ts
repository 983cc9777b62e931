import type { ConversationSummary, Message, ParticipantCard } from '../../../shared/src/api/messages.js'

export interface MessageRow {
  id: string
  conversationId: string
  body: string
  senderId: string | null
  senderHandle: string | null
  senderName: string | null
  createdAt: Date
}

/** A message as a participant sees it; a sender whose account is gone shows with no handle. */
export function messageView(r: MessageRow, viewerId: string): Message {
  return {
    id: r.id,
    conversationId: r.conversationId,
    body: r.body,
    sender: { handle: r.senderHandle ?? '', name: r.senderName ?? '' },
    mine: r.senderId === viewerId,
    createdAt: r.createdAt.toISOString(),
  }
}

export function conversationView(
  c: { id: string; isGroup: boolean; state: 'active' | 'request' },
  parts: { participants: ParticipantCard[]; lastMessage: Message | null; unread: number; canPost: boolean },
): ConversationSummary {
  return { id: c.id, state: c.state, group: c.isGroup, ...parts }
}
