import pino from 'pino'

/**
 * The anonymous side's logger. An error on an anonymous route is still worth knowing about, but
 * its log line must not say when to the second, nor anything of the request (DESIGN §4, §8):
 * times are cut to the minute, there is no request id, host or pid to join it with anything, and
 * a line keeps only its message and an error's type and message — whatever else a caller (or
 * Fastify itself, handing over the whole request) puts in is dropped before it is written.
 */
export type AnonLog = pino.Logger

export function createAnonLog(level: string, destination: pino.DestinationStream): AnonLog {
  return pino(
    {
      level,
      base: null,
      timestamp: () => `,"time":"${new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString()}"`,
      serializers: { err: (err: Error) => ({ type: err.name, message: err.message }) },
      formatters: { log: (fields) => (fields.err ? { err: fields.err } : {}) },
    },
    destination,
  )
}
