import { finalizeTokens, prepareTokenRequests } from '../../../shared/src/talk/tokens.js'
import type { BlindWorkerAnswer, BlindWorkerRequest } from './blind-protocol.js'

/**
 * The Web Worker that blinds token requests and finalises the server's answers (DESIGN §2): a
 * draw of ~100 tokens is a few seconds of pure-JavaScript big-number work, which on the page's
 * thread would freeze it. Loaded by worker-blinder.ts as a same-origin module file, so it runs
 * under the site's CSP (scripts from 'self' only).
 */
interface WorkerScope {
  onmessage: ((e: MessageEvent<BlindWorkerRequest>) => void) | null
  postMessage(message: BlindWorkerAnswer): void
}
const scope = self as unknown as WorkerScope

async function handle(m: BlindWorkerRequest): Promise<BlindWorkerAnswer> {
  try {
    if (m.op === 'prepare') return { id: m.id, ok: true, request: await prepareTokenRequests(m.publicKey, m.count) }
    return { id: m.id, ok: true, tokens: await finalizeTokens(m.state, m.blindSignatures) }
  } catch (e) {
    return { id: m.id, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }
  }
}

scope.onmessage = (e) => void handle(e.data).then((answer) => scope.postMessage(answer))
