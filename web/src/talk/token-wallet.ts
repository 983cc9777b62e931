import { TokenWallet, type HeldToken, type Token } from '../../../shared/src/talk/index.js'
import { talkApi } from '../api/talk.js'
import { withLock, type IdbStore } from './idb.js'
import type { WorkerBlinder } from './worker-blinder.js'

/**
 * The account's token wallet over its IndexedDB store. Every read-modify-write runs under one Web
 * Lock, so two tabs can neither hand out one token twice nor lose one; draws fetch outside it.
 * Issuance is the one Work Talk call made with the session (the normal API client).
 */
export function openWallet(store: IdbStore, blinder: WorkerBlinder): TokenWallet {
  const lock = `${store.name}/wallet`
  return new TokenWallet({
    store,
    blinder,
    exclusive: (work) => withLock(lock, work),
    fetchSignatures: async (keyId, blinded) => (await talkApi.issueTokens(keyId, blinded)).blindSignatures,
  })
}

/** Where the wallet of earlier versions kept its tokens (per key) and the keys they came from. */
const OLD_TOKENS = 'watercooler/talk/tokens'
const OLD_KEYS = 'keys'

/**
 * Moves tokens of the earlier wallet format into this one. Those tokens were drawn long enough ago
 * that their draw time is unknown; they count as old enough to spend. Tokens of keys it cannot
 * place (no scope or epoch known) are dropped — the epoch decides when a token expires.
 */
export async function migrateOldWallet(store: IdbStore, wallet: TokenWallet): Promise<void> {
  const old = (await store.get(OLD_TOKENS)) as Record<string, Token[]> | undefined
  if (!old || typeof old !== 'object') return
  const metas = ((await store.get(OLD_KEYS)) ?? {}) as Record<string, { company?: string | null; purpose?: string; epoch?: string }>
  const held: HeldToken[] = []
  for (const [keyId, tokens] of Object.entries(old)) {
    const m = metas[keyId]
    if (!m || typeof m.purpose !== 'string' || typeof m.epoch !== 'string' || !Array.isArray(tokens)) continue
    for (const t of tokens) held.push({ ...t, company: m.company ?? null, purpose: m.purpose, epoch: m.epoch, drawnAt: 0 })
  }
  await wallet.adopt(held)
  await store.remove(OLD_TOKENS)
  await store.remove(OLD_KEYS)
}
