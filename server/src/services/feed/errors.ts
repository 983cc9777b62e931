import { AppError } from '../../errors.js'

/** Editing or deleting another member's post or comment (DESIGN §5b: 403 for another's). */
export class NotOwnerError extends AppError {
  override name = 'NotOwnerError'
  constructor(what: 'post' | 'comment') {
    super(403, 'not_owner', 'Not yours', `Only its author may change this ${what}.`)
  }
}

/** A post with no text, no image and nothing reshared. */
export class EmptyPostError extends AppError {
  override name = 'EmptyPostError'
  constructor() {
    super(400, 'empty_post', 'Nothing to post', 'Write something, add an image or reshare a post.')
  }
}

/** An image id that is not the poster's own unattached upload (or is gone). */
export class UnknownImageError extends AppError {
  override name = 'UnknownImageError'
  constructor() {
    super(400, 'unknown_image', 'Unknown image', 'An image is not one you uploaded, is already on a post, or has expired. Upload it again.')
  }
}

/** Resharing a post whose original was deleted. */
export class ReshareUnavailableError extends AppError {
  override name = 'ReshareUnavailableError'
  constructor() {
    super(409, 'reshare_unavailable', 'No longer available', 'The post this reshares was deleted.')
  }
}
