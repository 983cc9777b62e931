import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'

/** What a key derived from the server secret is for; each purpose gets an independent key. */
export type SecretPurpose =
  | 'login-throttle'
  | 'work-email'
  | 'key-encryption'
  | 'badge-encryption'
  | 'rate-limit'
  /** TOTP secrets at rest (AES-256-GCM). */
  | 'totp-encryption'
  /** The signed challenge between the password step and the second factor. */
  | 'totp-challenge'
  /** HMACs of recovery codes. */
  | 'totp-recovery'
  /** The one-click unsubscribe links of digest mails (RFC 8058). */
  | 'unsubscribe'
  /** Résumés attached to job applications, at rest (AES-256-GCM). */
  | 'resume-encryption'

export interface Secrets {
  /** A 32-byte key for one purpose: HKDF-SHA256(server secret, info = "watercooler/" + purpose). */
  key(purpose: SecretPurpose): Uint8Array
  /** HMAC-SHA256 under the purpose's key. */
  hmac(purpose: SecretPurpose, data: string): Buffer
}

export function secretsFrom(serverSecret: string): Secrets {
  const ikm = new TextEncoder().encode(serverSecret)
  const cache = new Map<SecretPurpose, Uint8Array>()
  const key = (purpose: SecretPurpose) => {
    let k = cache.get(purpose)
    if (!k) {
      k = hkdf(sha256, ikm, undefined, new TextEncoder().encode(`watercooler/${purpose}`), 32)
      cache.set(purpose, k)
    }
    return k
  }
  return {
    key,
    hmac: (purpose, data) => crypto.createHmac('sha256', key(purpose)).update(data).digest(),
  }
}

/**
 * SERVER_SECRET if set; otherwise the secret generated into DATA_DIR on first start (mode 0600).
 * Losing it makes encrypted keys and e-mail HMACs unusable, so it is never regenerated silently.
 */
export function loadServerSecret(configured: string | null, dataDir: string): string {
  if (configured) return configured
  const file = path.join(dataDir, 'server-secret')
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  fs.mkdirSync(dataDir, { recursive: true })
  const secret = crypto.randomBytes(48).toString('base64url')
  fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' })
  return secret
}
