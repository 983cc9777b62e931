/**
 * Every size limit of the public API, in one place. The server enforces them through the route
 * schemas; the web app uses them for `maxLength` on inputs; README.md documents them.
 */
export const LIMITS = {
  /**
   * Largest JSON request body the server reads; larger bodies get 413 body_too_large. Big enough
   * for the largest valid profile even in 4-byte characters (about 350 KB), so no valid edit is refused.
   */
  jsonBodyBytes: 512 * 1024,
  /**
   * Deepest nesting of arrays and objects a JSON body may have; deeper bodies get 400 too_deep
   * before they are parsed (8,000 levels overflowed the stack); valid bodies nest a few levels.
   */
  jsonMaxDepth: 32,
  nameLength: 100,
  emailLength: 254,
  passwordMinLength: 10,
  /** argon2 accepts more, but a password this long is a paste accident or an attack on CPU. */
  passwordMaxLength: 256,
  headlineLength: 120,
  aboutLength: 2600,
  locationLength: 100,
  experienceEntries: 30,
  educationEntries: 20,
  entryTextLength: 100,
  entryDescriptionLength: 2000,
  skills: 50,
  skillLength: 50,
} as const

/**
 * What a pagination cursor may carry (issue 11): the server checks each field to its exact shape
 * and range before it reaches SQL, and answers 400 bad_cursor otherwise.
 */
export const CURSORS = {
  /** Characters of a cursor as sent (the route schemas say the same). */
  maxLength: 200,
  /** A timestamp in a cursor lies in these years (PostgreSQL refuses some far ones outright). */
  minYear: 2000,
  maxYear: 9999,
  /** An integer sort key (a score, a comment's number) lies within PostgreSQL's integer. */
  maxInteger: 2_147_483_647,
  /** A bigint id (notifications, messages): at most PostgreSQL's bigint. */
  maxBigint: '9223372036854775807',
  /** A sort key that is a number (a rank, a score) lies within ±this. */
  maxNumber: 1e15,
} as const

/**
 * Sign-in attempts (POST /sessions). Each attempt takes a slot before its password is checked and a
 * success gives it back, so a slot is a failure or an attempt in flight; past any limit: 429
 * `too_many_attempts`. The pair limit stops guessing from one address without letting that address
 * lock the member out elsewhere; the per-address limit stops spraying many e-mails; the per-e-mail
 * limit bounds guessing from many addresses in one-minute windows, so it slows rather than locks.
 */
export const LOGIN_THROTTLE = {
  /** One client address and one e-mail, in `windowMs`. */
  perAddressAndEmail: 10,
  /** One client address across every e-mail, in `windowMs`. */
  perAddress: 50,
  windowMs: 15 * 60 * 1000,
  /** One e-mail across every address, per `emailWindowMs`. */
  perEmail: 20,
  emailWindowMs: 60 * 1000,
} as const

/**
 * Sign-ups (POST /accounts) per client address per hour, every answer counted (an `email_taken`
 * too, so the endpoint is no free oracle of who has an account); more: 429 `rate_limited`. The
 * `SIGN_UPS_PER_ADDRESS_PER_HOUR` variable raises it (tests, a launch behind one office NAT).
 */
export const SIGN_UP = {
  perAddressPerHour: 20,
} as const

/** Sessions slide: every day of use pushes expiry this far out. */
export const SESSION_LIFETIME_DAYS = 30

export const LANGUAGES = ['en', 'zh-CN'] as const

/** Work e-mail verification (DESIGN §5): codes per account per hour, lifetime, tries. */
export const EMAIL_VERIFICATION = {
  requestsPerWindow: 5,
  windowMs: 60 * 60 * 1000,
  /**
   * Codes mailed to one work address per fixed hour, from all accounts together (keyed by the
   * address's HMAC); more: 429 `rate_limited`. Stops mailing a stranger from many fresh accounts.
   */
  perTargetPerHour: 5,
  codeLifetimeMs: 30 * 60 * 1000,
  maxAttempts: 5,
} as const

/** Badge photos: accepted types and size; kept at most this long, decided or not. */
export const BADGE = {
  maxBytes: 8 * 1024 * 1024,
  mediaTypes: ['image/jpeg', 'image/png', 'image/webp'],
  keepDays: 7,
  /** Longest side after re-encoding; enough to read a name on a badge. */
  maxDimension: 2000,
  pendingPerAccount: 3,
} as const

/**
 * Work Talk token issuance (DESIGN §2): per request, and per account per key (= per epoch). A
 * client draws a key's whole quota in one request, so every active member's counter looks alike.
 */
export const TALK_TOKENS = {
  perRequest: 100,
  /** Per account and key (= per epoch). `react` pays for votes and poll answers (and, later, reports): one member's weight on any post is bounded by it. */
  quota: { talk: 50, 'talk-former': 50, react: 100, review: 1, salary: 1, interview: 5 },
} as const

/** Work Talk writing limits. */
export const TALK = {
  titleLength: 200,
  bodyLength: 10_000,
  /** Threads per page of the thread list. */
  pageSize: 30,
  /** Posts a page of a thread returns, oldest first; the next page by `nextCursor`. */
  postsPerPage: 200,
  /** The open channel: every verified member reads and writes it; a post naming no channel is there. */
  openChannel: 'general',
} as const

/** Work Talk as a forum (issue 8): channels, ranking, polls, images, the public window. */
export const TALK_FORUM = {
  /** A channel's slug (also a company board's: the company's slug). */
  channelSlugPattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$',
  channelNameLength: 40,
  /** The first characters of an opening post shown in a list. */
  excerptLength: 280,
  /** The first characters of the highlighted (most upvoted) reply shown under a thread in a list. */
  highlightLength: 200,
  /** `top` looks back this many days. */
  topPeriodDays: { day: 1, week: 7, month: 30 },
  poll: {
    minOptions: 2,
    maxOptions: 6,
    optionLength: 100,
    /** A poll closes at least this long after it opens, and at most maxOpenS. */
    minOpenS: 60 * 60,
    maxOpenS: 30 * 24 * 60 * 60,
  },
  images: {
    maxBytes: 8 * 1024 * 1024,
    mediaTypes: ['image/jpeg', 'image/png', 'image/webp'],
    perPost: 4,
    /** Longest side after re-encoding: a phone screenshot stays legible. */
    maxDimension: 2560,
    /** An upload not attached to a post this long after it is stored is deleted. */
    unattachedKeepS: 60 * 60,
    /** Images waiting for their mixing window in one process, in bytes after re-encoding; more: 503. */
    pendingBytes: 256 * 1024 * 1024,
  },
  /** GET /talk/public/hot: threads shown, how long one answer is reused, requests per address and minute. */
  publicHot: { size: 10, cacheS: 60, perAddressPerMinute: 30 },
} as const

/** Company logos (admins upload them): JPEG, PNG or WebP, re-encoded to a WebP square. */
export const LOGO = {
  maxBytes: 1024 * 1024,
  size: 256,
} as const

/**
 * Password reset by e-mail (DESIGN §5b "account"). A link lives `tokenLifetimeMs` and works once.
 * Mails to one address are capped per hour, silently (the answer is 202 either way, so nobody can
 * mail-bomb an address or learn from the answer whether it has an account); requests from one
 * client address are capped per hour with 429 `rate_limited`.
 */
export const PASSWORD_RESET = {
  tokenBytes: 32,
  tokenLifetimeMs: 30 * 60 * 1000,
  mailsPerAddressPerHour: 3,
  requestsPerIpPerHour: 20,
} as const

/** GET /me/sessions lists at most this many sessions, the most recently used first. */
export const SESSIONS_LISTED = 100

/**
 * Handles a member chooses (PUT /me/handle). Compared and stored in lower case, so "Ada" and
 * "ada" are one handle. Words that name the site's own pages or staff are reserved.
 */
export const HANDLE = {
  minLength: 3,
  maxLength: 30,
  /** Letters, digits and single hyphens between them (upper case is accepted and lowered). */
  pattern: '^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$',
  reserved: [
    'about', 'account', 'accounts', 'admin', 'administrator', 'api', 'app', 'companies', 'company', 'edit', 'events',
    'feed', 'help', 'home', 'jobs', 'login', 'logout', 'me', 'messages', 'moderation', 'moderator', 'network',
    'new', 'notifications', 'null', 'official', 'privacy', 'profile', 'reviews', 'root', 'search', 'security',
    'settings', 'sign-in', 'sign-up', 'signin', 'signout', 'signup', 'staff', 'support', 'system', 'talk', 'terms',
    'undefined', 'users', 'verify', 'watercooler', 'www',
  ],
  /** A member may choose a new handle once in this many days. */
  changeEveryDays: 30,
  /** An old handle answers with the new one, and no one else may take it, for this many days. */
  keepOldDays: 90,
} as const

/** Profile photos (PUT /me/photo): JPEG, PNG or WebP in, two WebP squares out, no metadata. */
export const PHOTO = {
  maxBytes: 5 * 1024 * 1024,
  mediaTypes: ['image/jpeg', 'image/png', 'image/webp'],
  /** Side of the square shown beside a name (header, lists). */
  avatarSize: 96,
  /** Side of the square on the profile page. */
  pageSize: 400,
  /** A photo URL names its version, so it may be cached for a year. */
  cacheMaxAgeS: 365 * 24 * 60 * 60,
} as const

/** Two-step sign-in with TOTP (RFC 6238): 30-second steps, 6 digits, one step either side accepted. */
export const TOTP = {
  periodS: 30,
  digits: 6,
  /** Steps accepted before and after the current one (clock drift between phone and server). */
  toleranceSteps: 1,
  /** Lifetime of the challenge a correct password gets when a second factor is on. */
  challengeLifetimeS: 5 * 60,
  /** Wrong codes (or recovery codes) allowed per account within the window, then 429. */
  failureLimit: 5,
  failureWindowS: 15 * 60,
  recoveryCodes: 10,
  /** A recovery code as shown: two groups of five letters or digits, "abcde-12345". */
  recoveryCodePattern: '^[a-z0-9]{5}-[a-z0-9]{5}$',
} as const

/**
 * GET /search (DESIGN §5b): the query's length, a page, and how deep pages go. Results are ordered
 * by relevance, a score computed per query that no index can keep in order, so pages are a bounded
 * offset: keyset cursors would cost the same ranking work and buy stability nobody needs past the
 * first pages of a search.
 */
export const SEARCH = {
  /** Characters of `q` (after trimming, at least one). */
  queryMinLength: 1,
  queryMaxLength: 100,
  /** Results per page of one type. */
  pageSize: 20,
  /** Results per type when no type is asked for (the "all" tab). */
  previewPerType: 3,
  /** The deepest offset a cursor may carry: 10 pages. */
  maxOffset: 200,
  /** Per-type counts stop here; the answer says "100+". */
  countCap: 100,
} as const

/** The real-name network (issue 9): invitations, lists, suggestions. */
export const NETWORK = {
  /** The optional note sent with an invitation. */
  noteLength: 300,
  /** Invitations an account may send per UTC day (a fixed window shared by every process); more: 429 `rate_limited`. */
  invitationsPerDay: 50,
  /** Invitations an account may have waiting (sent, not yet accepted or withdrawn); more: 429 `too_many_pending`. */
  maxPendingOutgoing: 200,
  /**
   * Members and companies an account may follow (the home feed reads every followed author's
   * posts, so this bounds it); more: 429 `too_many_follows` — unfollowing makes room.
   */
  maxFollows: 2000,
  /** Rows per page of GET /connections, /blocks, /follows and mutual connections. */
  pageSize: 50,
  /** People a GET /connections/suggestions answer lists. */
  suggestions: 20,
  /** Degrees of connection reported: 1st, 2nd, 3rd; further is null. */
  maxDegree: 3,
} as const

/**
 * The real-name feed (issue 9): post and comment sizes, images, pages, and the rank's half-life.
 * Bodies are Work Talk's Markdown subset, kept as written and measured in characters (UTF-16 code
 * units, as `maxLength` counts them).
 */
export const FEED = {
  /** A post's text; a post needs text, an image or a reshared post. */
  bodyLength: 3000,
  /** A comment's text (at least one character that is not a space). */
  commentLength: 1250,
  images: {
    /** Images one post carries. */
    perPost: 4,
    maxBytes: 8 * 1024 * 1024,
    mediaTypes: ['image/jpeg', 'image/png', 'image/webp'],
    /** Longest side after re-encoding. */
    maxDimension: 2048,
    /** An uploaded image not attached to a post this long after the upload is deleted. */
    unattachedKeepS: 60 * 60,
    /** An image URL names the image, which never changes: cached for a year. */
    cacheMaxAgeS: 365 * 24 * 60 * 60,
  },
  /** Posts per page of the home feed and of an activity page. */
  pageSize: 20,
  /** Comments per page of a post's comments. */
  commentsPerPage: 50,
  /**
   * Rank = hours since the epoch / halfLifeHours + log2(1 + likes + 2·comments): the engagement
   * halved for every half-life of age, taken as a logarithm so that it does not depend on now.
   */
  rankHalfLifeHours: 24,
  /** Mentions ("@handle") in one post or comment that are looked up; more are plain text. */
  mentionsPerText: 20,
} as const

/** Messages (issue 9): conversations between members, message requests from non-connections. */
export const MESSAGES = {
  /** Participants of a conversation, the creator included (so at most 19 handles in POST /conversations). */
  maxParticipants: 20,
  /**
   * A message's body, in UTF-16 code units (what `maxLength` counts). Plain text; control
   * characters other than newline and tab are refused, so an event stays under NOTIFY's 8000 bytes.
   */
  bodyLength: 2000,
  /** Message requests (a first message to someone one is not connected with) per sender per UTC day; more: 429 `rate_limited`. */
  requestsPerDay: 10,
  /** Messages per page of GET /conversations/{id}/messages (newest first). */
  pageSize: 30,
  /** Conversations per page of GET /conversations (by last message). */
  conversationPageSize: 30,
} as const

/** In-app notifications (issue 9). */
export const NOTIFICATIONS = {
  /** Notifications per page of GET /notifications (newest first). */
  pageSize: 30,
  /** Ids one POST /notifications/read may name. */
  readIds: 100,
} as const

/** The member's live stream, GET /events (issue 9). */
export const LIVE = {
  /** Events replayed after a reconnect with Last-Event-ID (read from the database); more missed: one `resync` event instead. */
  replayMax: 100,
  /** Open streams per member (every tab holds one); one more is answered 429 `too_many_streams`. */
  streamsPerMember: 10,
} as const

/** E-mail digests of notifications (issue 9): at most one mail per member per UTC day. */
export const DIGEST = {
  /** Notifications a digest lists one by one; past that it says how many more wait in the app. */
  maxItems: 20,
  /** Members one maintenance run mails at most; the rest are mailed by the next run the same day. */
  membersPerRun: 200,
  /** Characters of an unsubscribe token (an account id, a dot and an HMAC, base64url). */
  tokenMaxLength: 100,
} as const

/** One company per real company (issue 10): how near matches and likely duplicates are found. */
export const COMPANIES = {
  /** Near matches a reviewer (or an admin) is shown before a new company is created. */
  nearMatches: 5,
  /** pg_trgm similarity of two names from which they count as "similar" (0–1). */
  similarName: 0.45,
  /** Pairs the admins' list of likely duplicates shows at most. */
  duplicatePairs: 100,
  /** A company's website: an http(s) address of at most this many characters. */
  websiteLength: 200,
  /** Places a company page lists, each at most `locationLength` characters. */
  maxLocations: 20,
  locationLength: 100,
} as const

/**
 * Company reviews, salary reports and interview reports (issue 10): anonymous, paid for with a
 * token of the company's yearly `review`/`salary` key or the null `interview` key (DESIGN §2).
 */
export const COMPANY_REVIEWS = {
  headlineLength: 120,
  /** Pros and cons: each required, at most this long. */
  textLength: 5000,
  adviceLength: 2000,
  /** A representative's public answer to a review. */
  responseLength: 3000,
  pageSize: 20,
} as const

export const SALARIES = {
  /** A cell (company, title family, location) shows its figures only from this many reports on (never one raw report). */
  minReports: 5,
  levelLength: 40,
  locationLength: 100,
  maxYearsExperience: 60,
  /**
   * A yearly base pay is refused outside [minBaseUsd, maxBaseUsd] converted at the currency's
   * rough rate (salary-currencies.ts); bonus and equity at most maxExtraUsd each. Absurd figures are
   * typing mistakes, and one of them would move a small cell's quartiles.
   */
  minBaseUsd: 1_000,
  maxBaseUsd: 5_000_000,
  maxExtraUsd: 50_000_000,
  /** The year a report is for: this year or up to this many years back. */
  yearsBack: 10,
} as const

export const INTERVIEWS = {
  positionLength: 120,
  experienceLength: 5000,
  questionsLength: 3000,
  pageSize: 20,
} as const

/** Jobs, applications and referrals (issue 10). */
export const JOBS = {
  titleLength: 120,
  locationLength: 100,
  /** The Markdown subset of posts. */
  descriptionLength: 10_000,
  /** Open jobs a company has at most at once. */
  maxOpenPerCompany: 200,
  /** A job closes at most this many days after it is posted (or on its closing date, if earlier). */
  maxOpenDays: 180,
  pageSize: 20,
  noteLength: 2000,
  /** A résumé: a PDF of at most this many bytes, checked by its content, stored encrypted. */
  resumeMaxBytes: 5 * 1024 * 1024,
  /** Applications a member sends per UTC day (a spam bound, not a quota anyone meets). */
  applicationsPerDay: 30,
  savedMax: 500,
  alertsMax: 10,
  referralNoteLength: 1000,
  /** Referral requests a member sends per job. */
  referralsPerJob: 3,
} as const

/** Trust and safety (issue 11): reports, appeals, takedown requests, moderation. */
export const MODERATION = {
  /**
   * Personal-data reports from this many distinct pseudonym keys (Work Talk) or accounts
   * (real-name content) hide the content until a moderator decides. Only that reason hides
   * anything before a moderator looks: one member's react tokens can sign with many keys, so a
   * low number would let one member hide any post, and other reasons wait for a person.
   */
  personalInfoAutoHide: 3,
  /** A real-name report's optional note. */
  reportNoteLength: 1000,
  /** Real-name reports per account per day (anonymous ones are paid for with react tokens). */
  reportsPerAccountPerDay: 50,
  /** An appeal's text. */
  appealLength: 2000,
  /** A takedown request's details. */
  takedownDetailsLength: 4000,
  /** Takedown requests per address per day (no account to count them against). */
  takedownsPerAddressPerDay: 5,
  /** A moderator's note on an action (staff only). */
  actionNoteLength: 1000,
  /** The longest suspension a moderator can give in one action, in days. */
  suspendMaxDays: 365,
  /** The moderation queue, per page. */
  queuePageSize: 50,
  /** The public log, entries per page. */
  logPageSize: 500,
  /**
   * The same text posted again (rule `repeated_text`): the post that makes `count` identical
   * texts (normalised: NFKC, lower case, spaces collapsed) within `windowH` hours is held —
   * compared by content, never by author (an anonymous post has none to compare). Texts shorter
   * than `minLength` ("+1", "谢谢") are never counted.
   */
  repeatedText: { count: 3, windowH: 24, minLength: 20 },
  /** Appeals of one post's moderation, in all (one open at a time). */
  appealsPerPost: 2,
} as const

/**
 * Reads that scraping would repeat (issue 11: an employer rebuilding one person's history reads
 * thread after thread). Work Talk reads are counted in each server process's memory and never
 * written — a stored read counter would be an account-side write timed with a thread read — so
 * the limit holds per process; profile views are real-name and counted in PostgreSQL.
 */
export const READS = {
  /** Work Talk lists and threads per account per minute, per process (429 `rate_limited`). */
  talkPerAccountPerMinute: 120,
  /** Profiles viewed per account per hour, across processes (429 `rate_limited`). */
  profilesPerAccountPerHour: 300,
} as const

/**
 * Writes (issue 11): every state-changing real-name route is limited per account, besides its own
 * limits — one counter per route, in PostgreSQL, so a script cannot flood any endpoint. Anonymous
 * writes are paid with tokens (a per-account quota) and capped in all by what one process holds
 * waiting for its window.
 */
export const WRITES = {
  /** Writes per account per route per hour (429 `rate_limited`); a route may set its own. */
  perRoutePerAccountPerHour: 600,
  /** Anonymous writes waiting in one process for their mixing window; past it 503 `busy`. */
  anonymousWaitingPerProcess: 20_000,
} as const
