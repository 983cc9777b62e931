import type { Migration } from 'kysely'
import * as accounts from './20261125T190000-accounts.js'
import * as verification from './20261125T200000-verification.js'
import * as talkKeys from './20261125T210000-talk-keys.js'
import * as talkPosts from './20261125T220000-talk-posts.js'
import * as talkAnonymity from './20261201T120000-talk-anonymity.js'
import * as rateLimits from './20261202T080000-rate-limits.js'
import * as talkForum from './20261202T090000-talk-forum.js'
import * as accountBasics from './20261203T100000-account-basics.js'
import * as network from './20261203T110000-network.js'
import * as search from './20261203T120000-search.js'
import * as accountExtras from './20261203T130000-account-extras.js'
import * as messagesNotifications from './20261203T140000-messages-notifications.js'
import * as feed from './20261203T150000-feed.js'
import * as notificationMail from './20261203T160000-notification-mail.js'
import * as companyIdentity from './20261204T100000-company-identity.js'
import * as companyFields from './20261204T110000-company-fields.js'
import * as companyRepresentatives from './20261204T120000-company-representatives.js'
import * as companyReviews from './20261205T100000-company-reviews.js'
import * as jobs from './20261205T110000-jobs.js'
import * as workEmailClaims from './20261205T120000-work-email-claims.js'
import * as companyMerges from './20261206T100000-company-merges.js'
import * as moderation from './20261207T100000-moderation.js'
import * as recordModeration from './20261208T100000-record-moderation.js'
import * as talkOpeningIndex from './20261209T100000-talk-opening-index.js'
import * as talkReadNotify from './20261210T100000-talk-read-notify.js'
import * as sessionReadNotify from './20261210T110000-session-read-notify.js'

/** Every migration, listed explicitly; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '20261125T190000-accounts': accounts,
  '20261125T200000-verification': verification,
  '20261125T210000-talk-keys': talkKeys,
  '20261125T220000-talk-posts': talkPosts,
  '20261201T120000-talk-anonymity': talkAnonymity,
  '20261202T080000-rate-limits': rateLimits,
  '20261202T090000-talk-forum': talkForum,
  '20261203T100000-account-basics': accountBasics,
  '20261203T110000-network': network,
  '20261203T120000-search': search,
  '20261203T130000-account-extras': accountExtras,
  '20261203T140000-messages-notifications': messagesNotifications,
  '20261203T150000-feed': feed,
  '20261203T160000-notification-mail': notificationMail,
  '20261204T100000-company-identity': companyIdentity,
  '20261204T110000-company-fields': companyFields,
  '20261204T120000-company-representatives': companyRepresentatives,
  '20261205T100000-company-reviews': companyReviews,
  '20261205T110000-jobs': jobs,
  '20261205T120000-work-email-claims': workEmailClaims,
  '20261206T100000-company-merges': companyMerges,
  '20261207T100000-moderation': moderation,
  '20261208T100000-record-moderation': recordModeration,
  '20261209T100000-talk-opening-index': talkOpeningIndex,
  '20261210T100000-talk-read-notify': talkReadNotify,
  '20261210T110000-session-read-notify': sessionReadNotify,
}
