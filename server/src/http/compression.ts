import zlib from 'node:zlib'
import compress from '@fastify/compress'
import { Negotiator } from '@fastify/accept-negotiator'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * Compression of API answers (DESIGN §6; the web app's files are precompressed at build time,
 * web-app.ts). Named limits, README "Limits".
 */
export const COMPRESSION = {
  /** Answers shorter than this go as they are: compressing them saves less than it costs. */
  thresholdBytes: 1024,
  /** Brotli's quality for answers made per request (11 is for files compressed once); 4 is about gzip's speed at a better ratio. */
  brotliQuality: 4,
  /** For pages rendered once and sent to many (the Work Talk read cache): the best ratio is worth it once. */
  brotliQualityOnce: 9,
} as const

const ENCODINGS = ['br', 'gzip'] as const
export type Encoding = (typeof ENCODINGS)[number]
const negotiator = new Negotiator<Encoding>({ supportedValues: [...ENCODINGS] })

/**
 * Brotli or gzip for every answer of a compressible type from COMPRESSION.thresholdBytes on, by the
 * client's Accept-Encoding (never an event stream: SSE goes as it is written). Request bodies are
 * not decompressed: a body is limited by its size on the wire and in memory alike.
 *
 * Answers that carry a secret the client is shown once (a TOTP secret, recovery codes) say
 * `compress: false`: compressed beside text an attacker can make the page reflect, their length
 * could tell the secret (BREACH).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    threshold: COMPRESSION.thresholdBytes,
    encodings: [...ENCODINGS],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: COMPRESSION.brotliQuality, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } },
  })
}

/** The encoding a request accepts, of those the server sends; null for none. */
export function acceptedEncoding(req: FastifyRequest): Encoding | null {
  const header = req.headers['accept-encoding']
  return typeof header === 'string' && header ? negotiator.negotiate(header) : null
}

/** `bytes` compressed once, at the best ratio worth it for an answer sent many times. */
export function compressOnce(bytes: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: COMPRESSION.brotliQualityOnce, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })
    : zlib.gzipSync(bytes, { level: 9 })
}

/** Sends bytes already compressed with `encoding` (compress skips an answer that has its Content-Encoding). */
export function sendEncoded(reply: FastifyReply, type: string, encoding: Encoding | null, bytes: Buffer): FastifyReply {
  reply.header('vary', 'accept-encoding')
  if (encoding) reply.header('content-encoding', encoding)
  return reply.type(type).send(bytes)
}
