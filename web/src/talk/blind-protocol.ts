import type { Token, TokenRequest, TokenRequestState } from '../../../shared/src/talk/tokens.js'

/** Messages between the page and blind-worker.ts. */
export type BlindWorkerRequest =
  | { id: number; op: 'prepare'; publicKey: string; count: number }
  | { id: number; op: 'finalize'; state: TokenRequestState; blindSignatures: string[] }

export type BlindWorkerAnswer =
  | { id: number; ok: true; request: TokenRequest }
  | { id: number; ok: true; tokens: Token[] }
  | { id: number; ok: false; error: string }
