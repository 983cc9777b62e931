/**
 * Every error a client can see is one of these classes, with a stable `code`. The one error
 * handler (http/problems.ts) turns them into RFC 9457 problem details; anything else is a 500
 * whose details go to the log only.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail?: string,
    readonly headers: Record<string, string> = {},
    /** RFC 9457 extension members; each must be declared in the Problem schema to be sent. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title)
  }
}

export class ValidationError extends AppError {
  override name = 'ValidationError'
  constructor(
    detail: string,
    readonly errors: { field: string; message: string }[] = [],
  ) {
    super(400, 'validation_failed', 'The request is not valid', detail)
  }
}

export class UnauthenticatedError extends AppError {
  override name = 'UnauthenticatedError'
  constructor() {
    super(401, 'unauthenticated', 'Sign in first', 'This needs a signed-in session.')
  }
}

export class BadCredentialsError extends AppError {
  override name = 'BadCredentialsError'
  constructor() {
    super(401, 'bad_credentials', 'Wrong e-mail or password', 'The e-mail or the password is wrong.')
  }
}

export class TooManyAttemptsError extends AppError {
  override name = 'TooManyAttemptsError'
  constructor(retryAfterSeconds: number) {
    super(429, 'too_many_attempts', 'Too many attempts', `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, {
      'retry-after': String(retryAfterSeconds),
    })
  }
}

export class EmailTakenError extends AppError {
  override name = 'EmailTakenError'
  constructor() {
    super(409, 'email_taken', 'E-mail already registered', 'An account with this e-mail already exists.')
  }
}

export class WeakPasswordError extends AppError {
  override name = 'WeakPasswordError'
  constructor() {
    super(422, 'weak_password', 'Password too common', 'This password is one of the most common ones; choose another.')
  }
}

export class NotFoundError extends AppError {
  override name = 'NotFoundError'
  constructor(what = 'resource') {
    super(404, 'not_found', 'Not found', `No such ${what}.`)
  }
}

export class BadOriginError extends AppError {
  override name = 'BadOriginError'
  constructor() {
    super(403, 'bad_origin', 'Cross-origin request refused', 'State-changing requests must come from this site.')
  }
}

export class ForbiddenError extends AppError {
  override name = 'ForbiddenError'
  constructor(detail = 'Your account may not do this.') {
    super(403, 'forbidden', 'Not allowed', detail)
  }
}

/** A pagination cursor this server did not give out, or whose fields are out of shape or range. */
export class BadCursorError extends AppError {
  override name = 'BadCursorError'
  constructor() {
    super(400, 'bad_cursor', 'Bad cursor', 'The cursor is not one this server gave out.')
  }
}

/** A JSON body nested deeper than LIMITS.jsonMaxDepth: refused before it is parsed. */
export class TooDeepError extends AppError {
  override name = 'TooDeepError'
  constructor(maxDepth: number) {
    super(400, 'too_deep', 'JSON nested too deeply', `JSON bodies may nest arrays and objects at most ${maxDepth} levels deep.`)
  }
}

/** A NUL character, broken Unicode or malformed percent-encoding in the path or the query string. */
export class InvalidCharactersError extends AppError {
  override name = 'InvalidCharactersError'
  constructor(where: string) {
    super(400, 'invalid_characters', 'Invalid characters in the address', `The ${where} contains a NUL character, broken Unicode or malformed percent-encoding.`)
  }
}
