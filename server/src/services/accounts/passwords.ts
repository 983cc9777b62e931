import diagnosticsChannel from 'node:diagnostics_channel'
import argon2 from 'argon2'
import { dictionary } from '@zxcvbn-ts/language-common'

/** OWASP's argon2id baseline (19 MiB, 2 passes): ~25 ms here, enough against offline guessing. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const

/** The ~49,000 most common passwords of zxcvbn's list, compared case-insensitively. */
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()))

export function isCommonPassword(password: string, email?: string): boolean {
  const p = password.toLowerCase()
  return COMMON.has(p) || (email !== undefined && p === email.trim().toLowerCase())
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS)
}

/**
 * Published once per password verification (no payload worth keeping: nothing is sent). Tests
 * subscribe to count how many passwords a burst of sign-ins really checked; with no subscriber it
 * costs nothing.
 */
export const PASSWORD_VERIFY_CHANNEL = 'watercooler:password-verify'
const verifyChannel = diagnosticsChannel.channel(PASSWORD_VERIFY_CHANNEL)

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (verifyChannel.hasSubscribers) verifyChannel.publish(null)
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

/** Verified against when no account matches, so a wrong e-mail costs as long as a wrong password. */
let dummyHash: Promise<string> | undefined
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('no account has this password, it only burns time')
  return dummyHash
}
