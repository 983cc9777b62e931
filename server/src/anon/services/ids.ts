import crypto from 'node:crypto'

/**
 * Ids of anonymous writes, derived from the write's own author signature (Ed25519 signatures are
 * deterministic): the same write sent again — to this process or another, before or after its
 * window committed, after a crash lost it — gets the same ids, so a resend can never store it
 * twice, while two different writes never share one. A company record has no author key: its id
 * comes from its token's message the same way (one token, one record). The ids are random-looking (version-4
 * shaped) and say nothing about when or in which order writes came.
 */
export function writeId(purpose: 'thread' | 'post' | 'review' | 'salary' | 'interview' | 'appeal', authorSignature: string): string {
  const h = crypto.createHash('sha256').update(`watercooler/write-id/${purpose}/`).update(Buffer.from(authorSignature, 'base64url')).digest()
  h[6] = (h[6]! & 0x0f) | 0x40
  h[8] = (h[8]! & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`
}
