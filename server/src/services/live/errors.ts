import { AppError } from '../../errors.js'

/** Seconds a client is asked to wait when every stream of this process is taken. */
export const BUSY_RETRY_AFTER_S = 30

export class TooManyStreamsError extends AppError {
  override name = 'TooManyStreamsError'
  constructor() {
    super(503, 'too_many_streams', 'Too many live streams', `This server holds as many live streams as it can; try again in ${BUSY_RETRY_AFTER_S} seconds.`, {
      'retry-after': String(BUSY_RETRY_AFTER_S),
    })
  }
}

export class TooManyMemberStreamsError extends AppError {
  override name = 'TooManyMemberStreamsError'
  constructor(max: number) {
    super(429, 'too_many_streams', 'Too many live streams', `You have ${max} live streams open (one per tab); close a tab or try again later.`, { 'retry-after': String(BUSY_RETRY_AFTER_S) })
  }
}

export class StreamsClosingError extends AppError {
  override name = 'StreamsClosingError'
  constructor() {
    super(503, 'shutting_down', 'Shutting down', 'The server is restarting; connect again in a moment.', { 'retry-after': '5' })
  }
}
