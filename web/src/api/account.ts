import type { PasswordResetConfirm, SignedInSessions } from '../../../shared/src/api/account.js'
import { request } from './client.js'

const enc = encodeURIComponent

/** Account basics (issue 9): password reset, signed-in devices, the data export. */
export const accountApi = {
  requestPasswordReset: (email: string) => request<{ status: 'accepted' }>('POST', '/password-resets', { email }),
  confirmPasswordReset: (body: PasswordResetConfirm) => request<void>('POST', '/password-resets/confirm', body),
  sessions: () => request<SignedInSessions>('GET', '/me/sessions'),
  endSession: (id: string) => request<void>('DELETE', `/me/sessions/${enc(id)}`),
  endOtherSessions: () => request<void>('DELETE', '/me/sessions'),
}

/** A same-origin GET the browser saves as a file (the server answers Content-Disposition: attachment). */
export const EXPORT_URL = '/api/v1/me/export'
