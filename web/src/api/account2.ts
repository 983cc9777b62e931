import type { AccountCreated, Me, PhotoUrls, RecoveryCodes, TotpEnrolment, TotpStatus } from '../../../shared/src/api/index.js'
import { request } from './client.js'

/** Handle, profile photo and two-step sign-in (account basics II). */
export const account2Api = {
  changeHandle: (handle: string) => request<Me>('PUT', '/me/handle', { handle }),
  uploadPhoto: (photo: File) => {
    const fd = new FormData()
    fd.append('photo', photo, photo.name)
    return request<PhotoUrls>('PUT', '/me/photo', fd)
  },
  removePhoto: () => request<void>('DELETE', '/me/photo'),
  totpStatus: () => request<TotpStatus>('GET', '/me/totp'),
  startTotp: () => request<TotpEnrolment>('POST', '/me/totp'),
  confirmTotp: (code: string) => request<RecoveryCodes>('POST', '/me/totp/confirm', { code }),
  disableTotp: (password: string, code: string) => request<void>('DELETE', '/me/totp', { password, code }),
  secondFactor: (challenge: string, code: string) => request<AccountCreated>('POST', '/sessions/second-factor', { challenge, code }),
}

/** What a member types as a code: digits kept as they are, a recovery code lower-cased and trimmed. */
export function normaliseCode(raw: string): string {
  return raw.trim().toLowerCase().replace(/\s+/g, '')
}
