import crypto from 'node:crypto'
import pino from 'pino'

/**
 * The anonymous side's logger. An error on an anonymous route is still worth knowing about, but
 * its log line must not say when to the second, nor anything of the request (DESIGN §4, §8):
 * times are cut to the minute, there is no request id, host or pid to join it with anything, and
 * a line keeps only its message and an error's type and message — whatever else a caller (or
 * Fastify itself, handing over the whole request) puts in is dropped before it is written.
 *
 * A minute in the line is not enough when the line lands in a stream beside the real-name side's
 * request lines (each with its millisecond time): its place among them would date it. So lines
 * are not written when they happen: they wait, and go out together at the next whole minute of
 * the wall clock, in random order — between the request lines of two minutes, never among them.
 */
export type AnonLog = pino.Logger

/** How often the waiting lines go out: at every whole minute. */
const BATCH_MS = 60_000

const batches = new WeakMap<AnonLog, MinuteBatch>()

class MinuteBatch {
  readonly #out: pino.DestinationStream
  #lines: string[] = []
  #timer: NodeJS.Timeout | undefined

  constructor(out: pino.DestinationStream) {
    this.#out = out
  }

  write(line: string): void {
    this.#lines.push(line)
    if (this.#timer) return
    const now = Date.now()
    this.#timer = setTimeout(() => this.flush(), Math.floor(now / BATCH_MS) * BATCH_MS + BATCH_MS - now)
    this.#timer.unref()
  }

  flush(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    const lines = this.#lines
    this.#lines = []
    for (let i = lines.length - 1; i > 0; i--) {
      const j = crypto.randomInt(i + 1)
      ;[lines[i], lines[j]] = [lines[j]!, lines[i]!]
    }
    for (const line of lines) this.#out.write(line)
  }
}

export function createAnonLog(level: string, destination: pino.DestinationStream): AnonLog {
  const batch = new MinuteBatch(destination)
  const log = pino(
    {
      level,
      base: null,
      timestamp: () => `,"time":"${new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString()}"`,
      serializers: { err: (err: Error) => ({ type: err.name, message: err.message }) },
      formatters: { log: (fields) => (fields.err ? { err: fields.err } : {}) },
    },
    batch,
  )
  batches.set(log, batch)
  return log
}

/** Writes the waiting lines now (on shutdown, and in tests). */
export function flushAnonLog(log: AnonLog): void {
  batches.get(log)?.flush()
}
