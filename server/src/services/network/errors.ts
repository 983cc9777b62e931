import { AppError } from '../../errors.js'

export class SelfError extends AppError {
  override name = 'SelfError'
  constructor(what: string) {
    super(400, 'self', 'Not with yourself', `You cannot ${what} yourself.`)
  }
}

export class AlreadyConnectedError extends AppError {
  override name = 'AlreadyConnectedError'
  constructor() {
    super(409, 'already_connected', 'Already connected', 'You are already connected with this member.')
  }
}

export class InvitationPendingError extends AppError {
  override name = 'InvitationPendingError'
  constructor() {
    super(409, 'invitation_pending', 'Invitation pending', 'Your invitation to this member is still waiting for an answer.')
  }
}

/**
 * The viewer blocked the other member. Only ever raised towards the blocker, who knows: a member
 * who was blocked gets 404 `not_found` instead (see `requireVisible`), so a block is never revealed.
 */
export class BlockedError extends AppError {
  override name = 'BlockedError'
  constructor() {
    super(409, 'blocked', 'Member blocked', 'You blocked this member. Unblock them first.')
  }
}

export class TooManyPendingError extends AppError {
  override name = 'TooManyPendingError'
  constructor(max: number) {
    super(429, 'too_many_pending', 'Too many invitations waiting', `You have ${max} invitations waiting for an answer. Withdraw some first.`)
  }
}

export class TooManyFollowsError extends AppError {
  override name = 'TooManyFollowsError'
  constructor(max: number) {
    super(429, 'too_many_follows', 'Following too many', `You follow ${max} members and companies, the most one account may. Unfollow some first.`)
  }
}
