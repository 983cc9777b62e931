import { AppError } from '../../errors.js'

export class BadAuthorSignatureError extends AppError {
  override name = 'BadAuthorSignatureError'
  constructor() {
    super(400, 'bad_author_signature', 'Bad author signature', 'The pseudonym signature does not cover this post.')
  }
}

export class NotAuthorError extends AppError {
  override name = 'NotAuthorError'
  constructor() {
    super(403, 'not_author', 'Not the author', "Only the post's pseudonym key can change it.")
  }
}

export class RevisionConflictError extends AppError {
  override name = 'RevisionConflictError'
  constructor() {
    super(409, 'revision_conflict', 'The post changed', 'The post was changed since you read it. Reload it and try again.')
  }
}

/**
 * DESIGN §5: within one thread a pseudonym keeps the label it first posted with. Two labels on one
 * key would tell every reader more than either does alone ("Quiet Heron" is an employee of X).
 */
export class LabelMismatchError extends AppError {
  override name = 'LabelMismatchError'
  constructor() {
    super(409, 'label_mismatch', 'Another label than before', 'This pseudonym already posted in this thread under another label; replies keep the first one.')
  }
}

export class UnknownWriteError extends AppError {
  override name = 'UnknownWriteError'
  constructor() {
    super(404, 'unknown_write', 'Unknown write', 'No write with this id is waiting or stored. If you sent it, send it again with the same token.')
  }
}

export class ThreadLockedError extends AppError {
  override name = 'ThreadLockedError'
  constructor() {
    super(403, 'thread_locked', 'Thread locked', 'A moderator locked this thread: it takes no more replies.')
  }
}

export class PostModeratedError extends AppError {
  override name = 'PostModeratedError'
  constructor() {
    super(403, 'post_moderated', 'Moderated post', 'A moderator hid or removed this post: it cannot be edited back into view. Its author may appeal (POST /talk/appeals).')
  }
}
