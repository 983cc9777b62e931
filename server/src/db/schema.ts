import type * as account from './tables/account.js'
import type * as company from './tables/company.js'
import type * as employment from './tables/employment.js'
import type * as loginFailure from './tables/login-failure.js'
import type * as network from './tables/network.js'
import type * as profile from './tables/profile.js'
import type * as rateLimit from './tables/rate-limit.js'
import type * as session from './tables/session.js'
import type * as talk from './tables/talk.js'
import type * as verification from './tables/verification.js'

export type DB = account.PartialDB & session.PartialDB & profile.PartialDB & loginFailure.PartialDB & company.PartialDB & employment.PartialDB & verification.PartialDB & talk.PartialDB & rateLimit.PartialDB & network.PartialDB
