import type { TFunction } from 'i18next'
import i18n from '../i18n/index.js'
import { ApiError } from '../api/client.js'

/** JSON pointer (e.g. `/email`, `/experience/0/start`) → message to show under that field. */
export type FieldErrors = Record<string, string>

export interface FormError {
  /** Shown in the form's role="alert" summary. */
  message: string
  /** Errors attached to a specific input. */
  fields: FieldErrors
  /** Field errors the form has no input for; listed in the summary instead. */
  extra: string[]
}

/** Problem codes that have their own translated message under `errors.<code>`. */
const TRANSLATED_CODES = new Set([
  'network_error',
  'validation_failed',
  'email_taken',
  'weak_password',
  'bad_credentials',
  'too_many_attempts',
  'unauthenticated',
  'not_found',
  'body_too_large',
  'bad_origin',
  'rate_limited',
  'forbidden',
  'free_email_domain',
  'disposable_email_domain',
  'bad_email_domain',
  'email_in_use',
  'bad_code',
  'unknown_company',
  'file_too_large',
  'unsupported_image',
  'unsupported_media_type',
  'malformed_multipart',
  'too_many_pending',
  'already_decided',
  'own_submission',
  'domain_taken',
  'same_company',
  'not_verified',
  'quota_exceeded',
  'token_spent',
  'invalid_token',
  'bad_author_signature',
  'revision_conflict',
  'not_author',
])

/**
 * Codes whose English `detail` says more than the code (domain_taken names the other company).
 * The English UI shows that detail; other languages show the translated message for the code.
 * (bad_code carries `reason` and `triesLeft` instead: see EmailVerification.)
 */
const DETAILED_CODES = new Set(['domain_taken'])

/** The message to show for a failed call: translated by problem code, else the server's detail. */
export function errorMessage(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return t('errors.generic')
  const { code, detail, status } = err.problem
  if (code === 'too_many_attempts' && err.retryAfter !== null && err.retryAfter > 0) {
    return t('errors.too_many_attempts_wait', { count: Math.max(1, Math.ceil(err.retryAfter / 60)) })
  }
  if (code === 'rate_limited' && err.retryAfter !== null && err.retryAfter > 0) {
    return t('errors.rate_limited_wait', { count: Math.max(1, Math.ceil(err.retryAfter / 60)) })
  }
  if (DETAILED_CODES.has(code) && detail && i18n.resolvedLanguage === 'en') return detail
  if (TRANSLATED_CODES.has(code)) return t(`errors.${code}` as 'errors.generic')
  if (status >= 500) return t('errors.server')
  return detail || t('errors.generic')
}

/** Server validation messages are English; other languages get a translated generic one. */
function fieldMessage(t: TFunction, serverMessage: string): string {
  if (i18n.resolvedLanguage === 'en' && serverMessage) {
    return serverMessage.charAt(0).toUpperCase() + serverMessage.slice(1)
  }
  return t('validation.invalid')
}

export function normalizePointer(field: string): string {
  let p = field.trim()
  if (p.startsWith('#')) p = p.slice(1)
  if (p.startsWith('body/')) p = '/' + p
  if (p.startsWith('/body/')) p = p.slice('/body'.length)
  if (p && !p.startsWith('/')) p = '/' + p.replace(/\./g, '/')
  return p
}

export interface FormErrorOptions {
  /** Which pointers this form renders an input for. */
  knows: (pointer: string) => boolean
  /** Problem codes that concern one specific input (e.g. email_taken → /email). */
  codeFields?: Record<string, string>
  /** Override the summary message for a code (e.g. bad_credentials on the password form). */
  codeMessages?: Record<string, string>
  /** Rewrite pointers before matching (e.g. /skills/3 → /skills). */
  mapPointer?: (pointer: string) => string
}

export function toFormError(t: TFunction, err: unknown, opts: FormErrorOptions): FormError {
  const code = err instanceof ApiError ? err.code : ''
  const message = opts.codeMessages?.[code] ?? errorMessage(t, err)
  const fields: FieldErrors = {}
  const extra: string[] = []
  const codeField = opts.codeFields?.[code]
  if (codeField) fields[codeField] = message
  if (err instanceof ApiError) {
    for (const e of err.problem.errors ?? []) {
      const raw = normalizePointer(e.field)
      const pointer = opts.mapPointer ? opts.mapPointer(raw) : raw
      const msg = fieldMessage(t, e.message)
      if (opts.knows(pointer)) {
        if (!fields[pointer]) fields[pointer] = msg
      } else {
        extra.push(pointer && pointer !== '/' ? `${pointer}: ${msg}` : msg)
      }
    }
  }
  return { message, fields, extra }
}

/** A form error produced by client-side checks, before anything is sent. */
export function clientFormError(t: TFunction, fields: FieldErrors): FormError | null {
  if (Object.keys(fields).length === 0) return null
  return { message: t('errors.summary'), fields, extra: [] }
}

/**
 * Moves focus to the first input marked invalid inside `form`, once React has rendered the error
 * and re-enabled the form. Neither happens at a fixed moment (a busy machine commits later than
 * the next frame), so it looks again on each frame, for up to about half a second.
 */
export function focusFirstInvalid(form: HTMLFormElement | null, framesLeft = 30): void {
  requestAnimationFrame(() => {
    const el = form?.querySelector<HTMLElement>('[aria-invalid="true"]:not(:disabled)')
    if (el) el.focus()
    else if (framesLeft > 0) focusFirstInvalid(form, framesLeft - 1)
  })
}
