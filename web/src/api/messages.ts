import type { ConversationList, Message, MessagePage } from '../../../shared/src/api/messages.js'
import type { NotificationList } from '../../../shared/src/api/notifications.js'
import { request } from './client.js'

const enc = encodeURIComponent
const cursorParam = (cursor?: string | null) => (cursor ? `cursor=${enc(cursor)}` : '')

/** Messages and notifications (DESIGN §5b "messages", "notifications"). */
export const messagesApi = {
  start: (handles: string[], body?: string) => request<{ id: string }>('POST', '/conversations', { handles, ...(body ? { body } : {}) }),
  list: (box: 'inbox' | 'requests', cursor?: string | null) => request<ConversationList>('GET', `/conversations?box=${box}&${cursorParam(cursor)}`),
  messages: (id: string, cursor?: string | null) => request<MessagePage>('GET', `/conversations/${enc(id)}/messages?${cursorParam(cursor)}`),
  send: (id: string, body: string) => request<Message>('POST', `/conversations/${enc(id)}/messages`, { body }),
  read: (id: string) => request<void>('POST', `/conversations/${enc(id)}/read`),
  accept: (id: string) => request<void>('POST', `/conversations/${enc(id)}/accept`),
  decline: (id: string) => request<void>('POST', `/conversations/${enc(id)}/decline`),
}

export const notificationsApi = {
  list: (cursor?: string | null) => request<NotificationList>('GET', `/notifications?${cursorParam(cursor)}`),
  read: (ids?: string[]) => request<{ unread: number }>('POST', '/notifications/read', ids ? { ids } : {}),
}
