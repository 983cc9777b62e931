import { inlineBlinder, type Blinder } from '../../../shared/src/talk/draw.js'
import type { Token, TokenRequest, TokenRequestState } from '../../../shared/src/talk/tokens.js'
import type { BlindWorkerAnswer, BlindWorkerRequest } from './blind-protocol.js'

/** The worker could not be started or died: the caller falls back to blinding on the page. */
export class BlindWorkerError extends Error {
  override name = 'BlindWorkerError'
}

type Waiting = { resolve: (a: BlindWorkerAnswer) => void; reject: (e: Error) => void }
type Body = BlindWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never

/**
 * A Blinder (shared/src/talk/draw.ts) that runs in blind-worker.ts. The worker starts with a draw
 * and is ended by dispose() after it. If it cannot start (an old browser, a blocked script), the
 * work runs on the page instead — slower and janky, never lost — and a console error says so.
 */
export class WorkerBlinder implements Blinder {
  #worker: Worker | null = null
  #broken = false
  #next = 1
  readonly #waiting = new Map<number, Waiting>()

  #start(): Worker {
    if (this.#worker) return this.#worker
    // Vite turns this exact form into a separate, same-origin script file at build time.
    const worker = new Worker(new URL('./blind-worker.ts', import.meta.url), { type: 'module' })
    worker.onmessage = (e: MessageEvent<BlindWorkerAnswer>) => {
      const w = this.#waiting.get(e.data.id)
      this.#waiting.delete(e.data.id)
      w?.resolve(e.data)
    }
    worker.onerror = (e) => {
      e.preventDefault()
      this.#fail(new BlindWorkerError(e.message || 'the blinding worker failed to load'))
    }
    this.#worker = worker
    return worker
  }

  #fail(error: BlindWorkerError): void {
    this.#broken = true
    console.error('Work Talk: the blinding worker failed; blinding on the page instead', error)
    for (const w of this.#waiting.values()) w.reject(error)
    this.#waiting.clear()
    this.#worker?.terminate()
    this.#worker = null
  }

  #call(body: Body): Promise<BlindWorkerAnswer> {
    if (this.#broken) return Promise.reject(new BlindWorkerError('unavailable'))
    return new Promise((resolve, reject) => {
      const id = this.#next++
      this.#waiting.set(id, { resolve, reject })
      try {
        this.#start().postMessage({ ...body, id } as BlindWorkerRequest)
      } catch (e) {
        this.#waiting.delete(id)
        this.#fail(new BlindWorkerError(e instanceof Error ? e.message : String(e)))
        reject(new BlindWorkerError('unavailable'))
      }
    })
  }

  async prepare(publicKey: string, count: number): Promise<TokenRequest> {
    const answer = await this.#call({ op: 'prepare', publicKey, count }).catch((e: unknown) => (e instanceof BlindWorkerError ? null : Promise.reject(e)))
    if (!answer) return inlineBlinder.prepare(publicKey, count)
    if (!answer.ok) throw new Error(answer.error)
    if (!('request' in answer)) throw new BlindWorkerError('unexpected answer')
    return answer.request
  }

  async finalize(state: TokenRequestState, blindSignatures: readonly string[]): Promise<Token[]> {
    const answer = await this.#call({ op: 'finalize', state, blindSignatures: [...blindSignatures] }).catch((e: unknown) =>
      e instanceof BlindWorkerError ? null : Promise.reject(e),
    )
    if (!answer) return inlineBlinder.finalize(state, blindSignatures)
    if (!answer.ok) throw new Error(answer.error)
    if (!('tokens' in answer)) throw new BlindWorkerError('unexpected answer')
    return answer.tokens
  }

  /** Ends the worker (a draw is over); the next call starts a new one. */
  dispose(): void {
    this.#worker?.terminate()
    this.#worker = null
  }
}
