/** One pending setTimeout that can be moved; `at` is when it fires (Infinity when unset). */
export class Timer {
  readonly #run: () => void
  #handle: ReturnType<typeof setTimeout> | undefined
  #at = Infinity

  constructor(run: () => void) {
    this.#run = run
  }

  get at(): number {
    return this.#at
  }

  /** Fires in `ms` (replacing an earlier setting). Capped below setTimeout's 24.8-day limit. */
  set(ms: number): void {
    this.clear()
    const wait = Math.min(Math.max(0, ms), 2 ** 31 - 1)
    this.#at = Date.now() + wait
    this.#handle = setTimeout(() => {
      this.#at = Infinity
      this.#run()
    }, wait)
  }

  /** Like set, unless it is already due sooner. */
  setEarlier(ms: number): void {
    if (Date.now() + ms < this.#at) this.set(ms)
  }

  clear(): void {
    clearTimeout(this.#handle)
    this.#handle = undefined
    this.#at = Infinity
  }
}
