import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { BADGE, LIMITS, LOGO } from '../../../shared/src/api/limits.js'
import { AppError, ValidationError } from '../errors.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

interface ProblemBody {
  type: string
  title: string
  status: number
  detail: string
  code: string
  errors?: { field: string; message: string }[]
  [extension: string]: unknown
}

export function problem(status: number, code: string, title: string, detail: string, errors?: ProblemBody['errors']): ProblemBody {
  return { type: `urn:watercooler:problem:${code}`, title, status, detail, code, ...(errors && { errors }) }
}

/** Fastify's own 4xx errors, each given a stable code of ours. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; title: string; detail?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'body_too_large',
    title: 'Request body too large',
    detail: `Request bodies are limited to ${LIMITS.jsonBodyBytes} bytes.`,
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    title: 'Unsupported content type',
    detail: 'Send JSON (Content-Type: application/json).',
  },
  FST_REQ_FILE_TOO_LARGE: {
    status: 413,
    code: 'file_too_large',
    title: 'File too large',
    detail: `The file is larger than this upload accepts (badge photos ${BADGE.maxBytes / (1024 * 1024)} MB, logos ${LOGO.maxBytes / (1024 * 1024)} MB).`,
  },
  FST_FILES_LIMIT: { status: 400, code: 'too_many_files', title: 'Too many files', detail: 'Send one photo.' },
  FST_PARTS_LIMIT: { status: 400, code: 'too_many_parts', title: 'Too many form fields' },
  FST_FIELDS_LIMIT: { status: 400, code: 'too_many_parts', title: 'Too many form fields' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'unsupported_media_type', title: 'Unsupported content type', detail: 'Send multipart/form-data.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', title: 'Malformed JSON', detail: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', title: 'Malformed JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_content_length', title: 'Content-Length does not match the body' },
}

type AjvError = { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }

/** Names the field each schema error is about, as a JSON pointer ("/experience/0/start"). */
export function fieldErrors(validation: AjvError[]): { field: string; message: string }[] {
  return validation.map((e) => {
    let field = e.instancePath || '/'
    let message = e.message ?? 'is not valid'
    if (e.keyword === 'required') field = `${e.instancePath}/${String(e.params.missingProperty)}`
    if (e.keyword === 'additionalProperties') {
      field = `${e.instancePath}/${String(e.params.additionalProperty)}`
      message = 'is not a known field'
    }
    return { field, message }
  })
}

/**
 * The database cannot be reached or ended the connection: the server is down, restarting or
 * shutting down, an administrator ended the session, or no connection came within the pool's
 * timeout. Requests that meet it are answered 503 (the client may retry), not 500. SQLSTATE
 * class 08 (connection exception) and 57P01–57P03 (admin/crash shutdown, cannot connect now).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const e = err as { code?: unknown; message?: unknown }
  const code = typeof e.code === 'string' ? e.code : ''
  if (code.startsWith('08') || ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true
  const message = typeof e.message === 'string' ? e.message : ''
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/.test(message)
}

/** What a 503 database_unavailable asks the client to wait before trying again. */
export const DATABASE_RETRY_AFTER_S = 5

/** The problem details an error becomes, and whether it was unexpected (a 500 whose details go to the log). */
export function problemOf(err: FastifyError): { body: ProblemBody; headers: Record<string, string>; unexpected: boolean } {
  if (err instanceof AppError) {
    const errors = err instanceof ValidationError && err.errors.length ? err.errors : undefined
    return { body: { ...problem(err.status, err.code, err.title, err.message, errors), ...err.extensions }, headers: err.headers, unexpected: false }
  }
  if (err.validation) {
    const errors = fieldErrors(err.validation as AjvError[])
    const where = err.validationContext === 'body' ? '' : ` (${err.validationContext})`
    const body = problem(400, 'validation_failed', 'The request is not valid', errors.map((e) => `${e.field}${where}: ${e.message}`).join('; '), errors)
    return { body, headers: {}, unexpected: false }
  }
  if (err.code && FASTIFY_ERRORS[err.code]) {
    const known = FASTIFY_ERRORS[err.code]!
    return { body: problem(known.status, known.code, known.title, known.detail ?? err.message), headers: {}, unexpected: false }
  }
  if (isDatabaseUnavailable(err)) {
    // Logged like a 500 (the operator must know; the message names the database, never the request).
    const body = problem(503, 'database_unavailable', 'Service unavailable', 'The database cannot be reached right now. Try again in a few seconds.')
    return { body, headers: { 'retry-after': String(DATABASE_RETRY_AFTER_S) }, unexpected: true }
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return { body: problem(err.statusCode, 'bad_request', 'Bad request', err.message), headers: {}, unexpected: false }
  return { body: problem(500, 'internal_error', 'Something went wrong', 'An unexpected error happened; it has been logged.'), headers: {}, unexpected: true }
}

/**
 * The one error handler. `logUnexpected` says where a 500's details go: the request's logger by
 * default; the anonymous scope passes its own, which knows nothing of the request.
 */
export function registerProblemHandlers(app: FastifyInstance, logUnexpected?: (err: FastifyError) => void): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const { body, headers, unexpected } = problemOf(err)
    if (unexpected) (logUnexpected ?? ((e) => req.log.error({ err: e }, 'unhandled error')))(err)
    return reply.code(body.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(body)
  })
}

export function sendNotFound(reply: FastifyReply) {
  return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problem(404, 'not_found', 'Not found', 'There is nothing at this address.'))
}
