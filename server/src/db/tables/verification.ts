import type { Generated } from 'kysely'

/** A work e-mail code in flight. The address is kept only as an HMAC; the code only as one too. */
export interface EmailVerificationTable {
  id: Generated<string>
  accountId: string
  emailHmac: Buffer
  domain: string
  codeHash: Buffer
  attempts: Generated<number>
  used: Generated<boolean>
  createdAt: Date
  expiresAt: Date
}

export interface BadgeSubmissionTable {
  id: Generated<string>
  accountId: string
  companyName: string
  companyDomain: string | null
  status: Generated<'pending' | 'approved' | 'rejected' | 'expired'>
  reason: string | null
  companyId: string | null
  submittedAt: Date
  decidedOn: string | null
}

/** AES-256-GCM ciphertext of the metadata-free re-encoded photo; deleted on decision or after 7 days. */
export interface BadgePhotoTable {
  submissionId: string
  mediaType: string
  ciphertext: Buffer
  storedAt: Date
}

export type PartialDB = { emailVerification: EmailVerificationTable; badgeSubmission: BadgeSubmissionTable; badgePhoto: BadgePhotoTable }
