import { ed25519 } from '@noble/curves/ed25519.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { fromBase64url, toBase64url } from './base64url.js'

/**
 * What a pseudonym key signs. Every message is the UTF-8 of a JSON array whose first element names
 * the action and version, so a signature for one action can never pass as another. Both sides
 * must sign/verify the strings exactly as sent: no trimming or Unicode normalisation before
 * verification.
 */

/** `author` of an anonymous write: Ed25519 public key and signature, base64url. */
export interface Author {
  publicKey: string
  signature: string
}

export interface PostFields {
  /** null when the post opens a new thread. */
  threadId: string | null
  /** "" for a reply. */
  title: string
  body: string
  label: string
  /** The spent token's `message` (base64url), binding the signature to one single-use token. */
  tokenMessage: string
}

/** DESIGN §3, verbatim. The token binding is what keeps a post signature from being replayed. */
export function postSigningBytes(f: PostFields): Uint8Array {
  return utf8ToBytes(JSON.stringify(['watercooler/v1/post', f.threadId, f.title, f.body, f.label, f.tokenMessage]))
}

/**
 * Edits and deletions carry no token, so their freshness comes from `revision`: the post's
 * revision as the client last read it (0 when created; the server adds 1 on every edit, deletion
 * and moderator restore) and the server accepts a signature only when it names the current one.
 * Thus a captured edit cannot be replayed to revert a later edit, a captured delete cannot undo a
 * restore, and two tabs editing at once cannot silently overwrite each other. We chose a counter
 * over a timestamp (e.g. an ISO minute) because a timestamp still admits replays inside its
 * clock-skew window, and the author's clock skew, visible in every edit, would be a fingerprint
 * linking their pseudonyms across threads.
 */
export interface EditFields {
  postId: string
  revision: number
  /** The thread title after the edit when editing an opening post; "" for a reply. */
  title: string
  body: string
}
export interface DeleteFields {
  postId: string
  revision: number
}

export function editSigningBytes(f: EditFields): Uint8Array {
  return utf8ToBytes(JSON.stringify(['watercooler/v1/edit', f.postId, f.revision, f.title, f.body]))
}

export function deleteSigningBytes(f: DeleteFields): Uint8Array {
  return utf8ToBytes(JSON.stringify(['watercooler/v1/delete', f.postId, f.revision]))
}

/** Signs arbitrary signing bytes with a thread key seed. */
export function signBytes(seed: Uint8Array, message: Uint8Array): Author {
  return { publicKey: toBase64url(ed25519.getPublicKey(seed)), signature: toBase64url(ed25519.sign(message, seed)) }
}

/**
 * Strict RFC 8032 verification (zip215 off: one canonical encoding per key and signature). Never
 * throws: malformed base64url, wrong lengths or invalid points are simply "not valid".
 */
export function verifyBytes(author: Author, message: Uint8Array): boolean {
  try {
    return ed25519.verify(fromBase64url(author.signature), message, fromBase64url(author.publicKey), { zip215: false })
  } catch {
    return false
  }
}

/**
 * What the verify* helpers below check signing bytes with: verifyBytes unless the caller passes
 * another with the same answers (the server passes OpenSSL's, server/src/anon/crypto/ed25519.ts).
 */
export type BytesVerifier = (author: Author, message: Uint8Array) => boolean

export const signPost = (seed: Uint8Array, f: PostFields): Author => signBytes(seed, postSigningBytes(f))
export const verifyPostSignature = (author: Author, f: PostFields, verify: BytesVerifier = verifyBytes): boolean => verify(author, postSigningBytes(f))
export const signEdit = (seed: Uint8Array, f: EditFields): Author => signBytes(seed, editSigningBytes(f))
export const verifyEditSignature = (author: Author, f: EditFields, verify: BytesVerifier = verifyBytes): boolean => verify(author, editSigningBytes(f))
export const signDelete = (seed: Uint8Array, f: DeleteFields): Author => signBytes(seed, deleteSigningBytes(f))
export const verifyDeleteSignature = (author: Author, f: DeleteFields, verify: BytesVerifier = verifyBytes): boolean => verify(author, deleteSigningBytes(f))

/** A poll as a new thread's author signs it (DESIGN §3). */
export interface SignedPoll {
  options: string[]
  closesAt: string
}

/** The v2 post tuple: a non-default channel, images or a poll are covered by the signature too. */
export interface PostFieldsV2 extends PostFields {
  channel: string
  imageIds: string[]
  poll: SignedPoll | null
}

/** The channel a post is in when it names none; posts there without images or a poll may be signed over v1. */
export const DEFAULT_CHANNEL = 'general'

export function postSigningBytesV2(f: PostFieldsV2): Uint8Array {
  return utf8ToBytes(JSON.stringify(['watercooler/v2/post', f.threadId, f.title, f.body, f.label, f.tokenMessage, f.channel, f.imageIds, f.poll]))
}

/** Whether DESIGN §3 requires the v2 tuple for these fields (v1 would leave them unsigned). */
export function needsV2(f: Pick<PostFieldsV2, 'channel' | 'imageIds' | 'poll'>): boolean {
  return f.channel !== DEFAULT_CHANNEL || f.imageIds.length > 0 || f.poll !== null
}

/** Signs a post over the tuple its fields need: v2 when they need it, else v1 (what v1-only servers read). */
export function signAnyPost(seed: Uint8Array, f: PostFieldsV2): Author {
  return needsV2(f) ? signBytes(seed, postSigningBytesV2(f)) : signPost(seed, f)
}

/**
 * A v2 signature is always accepted; a v1 one only for a post without what v2 adds. The tuple
 * signAnyPost signs for these fields is tried first, so an honest post verifies at the first try.
 */
export function verifyAnyPostSignature(author: Author, f: PostFieldsV2, verify: BytesVerifier = verifyBytes): boolean {
  if (!needsV2(f) && verifyPostSignature(author, f, verify)) return true
  return verify(author, postSigningBytesV2(f))
}

/**
 * A vote (DESIGN §3), signed with the voter's key for the post's thread. `tokenMessage` is "" when
 * no token rides on it (changing or withdrawing a vote the same key already paid for).
 */
export interface VoteFields {
  postId: string
  value: 1 | 0 | -1
  tokenMessage: string
}
export function voteSigningBytes(f: VoteFields): Uint8Array {
  return utf8ToBytes(JSON.stringify(['watercooler/v1/vote', f.postId, f.value, f.tokenMessage]))
}
export const signVote = (seed: Uint8Array, f: VoteFields): Author => signBytes(seed, voteSigningBytes(f))
export const verifyVoteSignature = (author: Author, f: VoteFields, verify: BytesVerifier = verifyBytes): boolean => verify(author, voteSigningBytes(f))

/** A poll answer (DESIGN §3): the option's index; the poll's id is its thread's. */
export interface PollAnswerFields {
  pollId: string
  option: number
  tokenMessage: string
}
export function pollAnswerSigningBytes(f: PollAnswerFields): Uint8Array {
  return utf8ToBytes(JSON.stringify(['watercooler/v1/poll', f.pollId, f.option, f.tokenMessage]))
}
export const signPollAnswer = (seed: Uint8Array, f: PollAnswerFields): Author => signBytes(seed, pollAnswerSigningBytes(f))
export const verifyPollAnswerSignature = (author: Author, f: PollAnswerFields, verify: BytesVerifier = verifyBytes): boolean => verify(author, pollAnswerSigningBytes(f))

/**
 * A "helpful" mark on a company review (issue 10), signed with the member's key for that review
 * (derived like a thread key, from the scope "review:" + id), so one key marks a review once.
 */
export interface HelpfulFields {
  reviewId: string
  tokenMessage: string
}
export function helpfulSigningBytes(f: HelpfulFields): Uint8Array {
  return utf8ToBytes(JSON.stringify(['watercooler/v1/helpful', f.reviewId, f.tokenMessage]))
}
export const signHelpful = (seed: Uint8Array, f: HelpfulFields): Author => signBytes(seed, helpfulSigningBytes(f))
export const verifyHelpfulSignature = (author: Author, f: HelpfulFields, verify: BytesVerifier = verifyBytes): boolean => verify(author, helpfulSigningBytes(f))

/** A report of a post (DESIGN §3): the reporter's key of the post's thread, a react token. */
export interface ReportFields {
  postId: string
  reason: string
  tokenMessage: string
}
export function reportSigningBytes(f: ReportFields): Uint8Array {
  return utf8ToBytes(JSON.stringify(['watercooler/v1/report', f.postId, f.reason, f.tokenMessage]))
}
export const signReport = (seed: Uint8Array, f: ReportFields): Author => signBytes(seed, reportSigningBytes(f))
export const verifyReportSignature = (author: Author, f: ReportFields, verify: BytesVerifier = verifyBytes): boolean => verify(author, reportSigningBytes(f))

/** An appeal of a moderation decision (DESIGN §3): the post's own key, no token. */
export interface AppealFields {
  postId: string
  body: string
}
export function appealSigningBytes(f: AppealFields): Uint8Array {
  return utf8ToBytes(JSON.stringify(['watercooler/v1/appeal', f.postId, f.body]))
}
export const signAppeal = (seed: Uint8Array, f: AppealFields): Author => signBytes(seed, appealSigningBytes(f))
export const verifyAppealSignature = (author: Author, f: AppealFields, verify: BytesVerifier = verifyBytes): boolean => verify(author, appealSigningBytes(f))

/**
 * Asking what became of one's own vote or poll answer (GET /talk/writes/{id}?voter=…&proof=…):
 * the question is signed by the pseudonym key it names, so nobody else can ask whether a given
 * pseudonym voted on a post or answered a poll.
 */
export type WriteStateSubject = 'vote' | 'answer' | 'helpful' | 'report'
export function writeStateSigningBytes(id: string, subject: WriteStateSubject): Uint8Array {
  return utf8ToBytes(JSON.stringify(['watercooler/v1/write-state', id, subject]))
}
export const signWriteState = (seed: Uint8Array, id: string, subject: WriteStateSubject): Author => signBytes(seed, writeStateSigningBytes(id, subject))
export const verifyWriteState = (publicKey: string, proof: string, id: string, subject: WriteStateSubject, verify: BytesVerifier = verifyBytes): boolean =>
  verify({ publicKey, signature: proof }, writeStateSigningBytes(id, subject))
