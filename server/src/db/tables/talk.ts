/** A Work Talk issuer key. Companies are named by slug as text: no join path to accounts. */
export interface TalkIssuerKeyTable {
  keyId: string
  companySlug: string | null
  purpose: 'talk' | 'talk-former' | 'review' | 'salary'
  epoch: string
  publicKey: Buffer
  privateKeySealed: Buffer
}

/** Account side: tokens drawn per (account, key). A counter, nothing else. */
export interface TalkIssuanceTable {
  accountId: string
  keyId: string
  issued: number
}

export type PartialDB = { talkIssuerKey: TalkIssuerKeyTable; talkIssuance: TalkIssuanceTable }
