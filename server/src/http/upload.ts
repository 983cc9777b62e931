import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError, ValidationError } from '../errors.js'

class MalformedMultipartError extends AppError {
  override name = 'MalformedMultipartError'
  constructor() {
    super(400, 'malformed_multipart', 'Malformed upload', 'The multipart/form-data body could not be read.')
  }
}

/** Lets the routes of this plugin scope (and only those) accept multipart/form-data. */
export async function acceptUploads(scope: FastifyInstance, maxFileBytes: number): Promise<void> {
  await scope.register(multipart, { limits: { fileSize: maxFileBytes, files: 1, fields: 5, parts: 6 } })
}

/** Multipart bodies bypass the JSON schema validator: the routes that take them validate by hand. */
export const UNCHECKED_BODY = { validatorCompiler: () => (body: unknown) => ({ value: body }) }

export interface Upload {
  file: Buffer | null
  /** Reads a text field: trimmed, length-checked; problems are collected, thrown by `done`. */
  text(name: string, max: number, required: boolean): string
  /** Records a problem with a field. */
  problem(field: string, message: string): void
  /** Throws one ValidationError naming every bad or unknown field, if there is any. */
  done(): void
}

/**
 * Reads an upload with one file field and some text fields. Limits (file too large, too many
 * parts) keep their Fastify codes and map to their own problems; anything else the parser throws
 * means the body itself is broken.
 */
export async function readUpload(req: FastifyRequest, fileField: string, textFields: string[], opts: { fileOptional?: boolean } = {}): Promise<Upload> {
  const fields: Record<string, string> = {}
  let file: Buffer | null = null
  const errors: { field: string; message: string }[] = []
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer()
        if (part.fieldname === fileField) file = bytes
        else errors.push({ field: `/${part.fieldname}`, message: 'is not a known field' })
      } else fields[part.fieldname] = String(part.value)
    }
  } catch (err) {
    if (err instanceof AppError || (err as { code?: string }).code?.startsWith('FST_')) throw err
    throw new MalformedMultipartError()
  }
  if (!file && !opts.fileOptional) errors.push({ field: `/${fileField}`, message: 'must be a file' })
  for (const k of Object.keys(fields)) if (!textFields.includes(k)) errors.push({ field: `/${k}`, message: 'is not a known field' })
  return {
    file,
    text(name, max, required) {
      const v = (fields[name] ?? '').trim()
      if (required && !v) errors.push({ field: `/${name}`, message: 'is required' })
      if (v.length > max || !v.isWellFormed() || v.includes('\u0000')) errors.push({ field: `/${name}`, message: `must be at most ${max} characters of text` })
      return v
    },
    problem(field, message) {
      errors.push({ field, message })
    },
    done() {
      if (errors.length) throw new ValidationError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors)
    },
  }
}
