/**
 * Base64url without padding (RFC 4648 §5), browser-safe (no Buffer). Decoding is strict and
 * canonical: one byte string has exactly one accepted spelling, so a value the server hashes or
 * compares (a token message, a public key) cannot be re-spelled to look new.
 */

const ALPHABET = /^[A-Za-z0-9_-]*$/
// Keeps String.fromCharCode's argument list well below engines' limits.
const CHUNK = 0x8000

export class Base64urlError extends Error {
  override name = 'Base64urlError'
}

export function toBase64url(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Throws Base64urlError on anything but canonical unpadded base64url. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  if (!ALPHABET.test(text) || text.length % 4 === 1) throw new Base64urlError('not base64url')
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  // atob ignores unused trailing bits; re-encoding catches the non-canonical spellings.
  if (toBase64url(bytes) !== text) throw new Base64urlError('not canonical base64url')
  return bytes
}
