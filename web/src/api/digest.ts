import type { NotificationSettings } from '../../../shared/src/api/digest.js'
import { request } from './client.js'

/** E-mail digest settings and the unsubscribe link (issue 9). */
export const digestApi = {
  settings: () => request<NotificationSettings>('GET', '/me/notification-settings'),
  save: (email: NotificationSettings['email']) => request<NotificationSettings>('PUT', '/me/notification-settings', { email }),
  unsubscribe: (token: string) => request<void>('POST', `/unsubscribe?token=${encodeURIComponent(token)}`),
}
