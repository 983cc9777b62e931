import { Type, type Static } from '@sinclair/typebox'
import { COMPANY_REVIEWS, INTERVIEWS, SALARIES } from './limits.js'
import { ContentModeration, Token } from './talk.js'

/**
 * Job titles are coarsened to a family before they are stored (issue 10): "Senior Staff Backend
 * Engineer II" in a company of twelve would name its author.
 */
export const TITLE_FAMILIES = [
  'engineering',
  'product',
  'design',
  'data',
  'research',
  'sales',
  'marketing',
  'customer_support',
  'operations',
  'finance',
  'people',
  'legal',
  'management',
  'other',
] as const
export type TitleFamily = (typeof TITLE_FAMILIES)[number]
export const TitleFamilySchema = Type.Union(
  TITLE_FAMILIES.map((f) => Type.Literal(f)),
  { description: 'A job family, not a title.' },
)

const Rating = Type.Integer({ minimum: 1, maximum: 5 })
export const RATING_KEYS = ['overall', 'culture', 'workLife', 'compensation', 'management', 'growth'] as const
export type RatingKey = (typeof RATING_KEYS)[number]
export const Ratings = Type.Object(
  { overall: Rating, culture: Rating, workLife: Rating, compensation: Rating, management: Rating, growth: Rating },
  { additionalProperties: false, description: 'Integers 1–5.' },
)
export type Ratings = Static<typeof Ratings>

export const CeoOpinion = Type.Union([Type.Literal('approve'), Type.Literal('disapprove'), Type.Literal('no_opinion')])
export type CeoOpinion = Static<typeof CeoOpinion>
export const EmploymentKind = Type.Union([Type.Literal('current'), Type.Literal('former')])

const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S', ...(description && { description }) })

/** POST /companies/{slug}/reviews (anonymous, DESIGN §5b). */
export const CreateReview = Type.Object(
  {
    token: Token,
    ratings: Ratings,
    recommend: Type.Boolean({ description: 'Would recommend the company to a friend.' }),
    ceo: Type.Optional(CeoOpinion),
    headline: Type.Optional(Type.String({ maxLength: COMPANY_REVIEWS.headlineLength })),
    pros: Text(COMPANY_REVIEWS.textLength),
    cons: Text(COMPANY_REVIEWS.textLength),
    advice: Type.Optional(Type.String({ maxLength: COMPANY_REVIEWS.adviceLength, description: 'Advice to management.' })),
    employment: EmploymentKind,
    titleFamily: TitleFamilySchema,
  },
  { additionalProperties: false },
)
export type CreateReview = Static<typeof CreateReview>
export const RecordCreated = Type.Object({ id: Type.String({ format: 'uuid', description: 'Ask GET /talk/writes/{id}?record=review|salary|interview while it waits (202).' }) })
export type RecordCreated = Static<typeof RecordCreated>

export const ReviewResponse = Type.Object({
  body: Type.String(),
  by: Type.Object({ handle: Type.String(), name: Type.String() }, { description: 'The representative who wrote it (real name).' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type ReviewResponse = Static<typeof ReviewResponse>

export const Review = Type.Object({
  id: Type.String({ format: 'uuid' }),
  ratings: Ratings,
  recommend: Type.Boolean(),
  ceo: Type.Union([CeoOpinion, Type.Null()]),
  headline: Type.String(),
  pros: Type.String(),
  cons: Type.String(),
  advice: Type.String(),
  employment: EmploymentKind,
  titleFamily: TitleFamilySchema,
  postedOn: Type.String({ description: 'The month it was stored, "YYYY-MM" (no day or time: they would say more than a review needs).' }),
  helpful: Type.Integer({ description: 'Members who found it helpful.' }),
  response: Type.Union([ReviewResponse, Type.Null()], { description: "The company's one public answer." }),
  // A moderator hid or removed it: its text is "" and this says why, in its place.
  moderation: ContentModeration,
})
export type Review = Static<typeof Review>

const Avg = Type.Union([Type.Number(), Type.Null()], { description: 'Mean to one decimal; null with no reviews.' })
export const ReviewSummary = Type.Object({
  count: Type.Integer(),
  averages: Type.Object({ overall: Avg, culture: Avg, workLife: Avg, compensation: Avg, management: Avg, growth: Avg }),
  /** How many reviews gave each overall rating, 1 to 5. */
  distribution: Type.Array(Type.Integer(), { minItems: 5, maxItems: 5, description: 'Reviews per overall rating, 1 to 5.' }),
  recommendPercent: Type.Union([Type.Integer(), Type.Null()]),
  ceoApprovalPercent: Type.Union([Type.Integer(), Type.Null()], { description: 'Of those with an opinion.' }),
  trend: Type.Array(Type.Object({ quarter: Type.String({ description: '"2026-Q3"' }), count: Type.Integer(), overall: Type.Number() }), {
    description: 'Mean overall rating per calendar quarter, oldest first (quarters with reviews only).',
  }),
})
export type ReviewSummary = Static<typeof ReviewSummary>

export const Contributions = Type.Object(
  {
    open: Type.Boolean({ description: 'The company has this year’s review and salary keys: at least MIN_ANONYMITY_SET verified members, current and former.' }),
    members: Type.Integer({ description: 'Verified members, current and former, rounded like an anonymity set.' }),
    minMembers: Type.Integer({ description: 'MIN_ANONYMITY_SET.' }),
  },
  { description: 'Whether the company takes reviews and salary reports, and why not.' },
)
export type Contributions = Static<typeof Contributions>

export const ReviewSort = Type.Union([Type.Literal('recent'), Type.Literal('helpful'), Type.Literal('highest'), Type.Literal('lowest')])
export const ReviewQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  sort: Type.Optional(ReviewSort),
  employment: Type.Optional(EmploymentKind),
  titleFamily: Type.Optional(TitleFamilySchema),
  rating: Type.Optional(Rating),
})
export type ReviewQuery = Static<typeof ReviewQuery>
export const ReviewPage = Type.Object({
  reviews: Type.Array(Review),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  summary: ReviewSummary,
  contributions: Contributions,
  canRespond: Type.Boolean({ description: 'The viewer is a representative of the company and may answer reviews.' }),
})
export type ReviewPage = Static<typeof ReviewPage>

export const RespondToReview = Type.Object({ body: Text(COMPANY_REVIEWS.responseLength) }, { additionalProperties: false })
export type RespondToReview = Static<typeof RespondToReview>

/** POST /companies/{slug}/reviews/{id}/helpful (anonymous): a react token and the voter's key for this review, one vote per key. */
export const MarkHelpful = Type.Object(
  {
    token: Token,
    voter: Type.Object(
      {
        publicKey: Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength: 64, description: 'An Ed25519 key of the member for this review only (derived like a thread pseudonym, from "review:" + id).' }),
        signature: Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength: 100, description: 'Over JSON.stringify(["watercooler/v1/helpful", reviewId, token.message]).' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type MarkHelpful = Static<typeof MarkHelpful>

// Salaries ---------------------------------------------------------------------------------------

const Money = (description: string) => Type.Integer({ minimum: 0, maximum: 1_000_000_000_000, description })
export const CreateSalary = Type.Object(
  {
    token: Token,
    titleFamily: TitleFamilySchema,
    level: Type.Optional(Type.String({ maxLength: SALARIES.levelLength })),
    location: Text(SALARIES.locationLength),
    yearsExperience: Type.Integer({ minimum: 0, maximum: SALARIES.maxYearsExperience }),
    base: Money('Yearly base pay, in whole units of `currency`.'),
    bonus: Type.Optional(Money('Yearly bonus.')),
    equity: Type.Optional(Money('Yearly equity, at grant value.')),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217; 400 `unknown_currency` for a code that is not one, or not taken yet.' }),
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  },
  { additionalProperties: false },
)
export type CreateSalary = Static<typeof CreateSalary>

const Figure = Type.Union([Type.Integer(), Type.Null()], { description: `null below ${SALARIES.minReports} reports` })
export const SalaryCell = Type.Object({
  titleFamily: TitleFamilySchema,
  location: Type.String(),
  currency: Type.String(),
  count: Type.Integer({ description: `Reports behind the cell (exact below ${SALARIES.minReports}: it says why the figures are hidden).` }),
  p25: Figure,
  median: Figure,
  p75: Figure,
  medianTotal: Figure,
})
export type SalaryCell = Static<typeof SalaryCell>
export const SalaryCells = Type.Object({
  cells: Type.Array(SalaryCell),
  computedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the daily batch last recomputed them (a new report shows from the next one).' }),
  minReports: Type.Integer(),
  contributions: Contributions,
})
export type SalaryCells = Static<typeof SalaryCells>

// Interviews -------------------------------------------------------------------------------------

export const InterviewOutcome = Type.Union([Type.Literal('offer'), Type.Literal('declined_offer'), Type.Literal('no_offer'), Type.Literal('pending')])
export const InterviewExperience = Type.Union([Type.Literal('positive'), Type.Literal('neutral'), Type.Literal('negative')])
export const CreateInterview = Type.Object(
  {
    token: Token,
    position: Text(INTERVIEWS.positionLength),
    outcome: InterviewOutcome,
    difficulty: Rating,
    experience: InterviewExperience,
    body: Text(INTERVIEWS.experienceLength, 'How it went.'),
    questions: Type.Optional(Type.String({ maxLength: INTERVIEWS.questionsLength })),
  },
  { additionalProperties: false },
)
export type CreateInterview = Static<typeof CreateInterview>
export const Interview = Type.Object({
  id: Type.String({ format: 'uuid' }),
  position: Type.String(),
  outcome: InterviewOutcome,
  difficulty: Type.Integer(),
  experience: InterviewExperience,
  body: Type.String(),
  questions: Type.String(),
  postedOn: Type.String({ description: '"YYYY-MM"' }),
  // A moderator hid or removed it: its text is "" and this says why, in its place.
  moderation: ContentModeration,
})
export type Interview = Static<typeof Interview>
export const InterviewPage = Type.Object({
  interviews: Type.Array(Interview),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Object({ count: Type.Integer(), averageDifficulty: Avg, offerPercent: Type.Union([Type.Integer(), Type.Null()]), positivePercent: Type.Union([Type.Integer(), Type.Null()]) }),
})
export type InterviewPage = Static<typeof InterviewPage>
