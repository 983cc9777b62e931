import { Type, type Static } from '@sinclair/typebox'
import { SEARCH } from './limits.js'
import { FeedPost } from './feed.js'
import { ThreadSummary } from './talk.js'
import { Job } from './jobs.js'

/** The tabs of the search box (DESIGN §5b `type`). */
export const SEARCH_TYPES = ['people', 'companies', 'posts', 'threads', 'jobs'] as const
export type SearchType = (typeof SEARCH_TYPES)[number]

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: SEARCH.queryMinLength, maxLength: SEARCH.queryMaxLength, description: `What to look for: ${SEARCH.queryMinLength}–${SEARCH.queryMaxLength} characters, not only spaces (400 otherwise).` }),
    type: Type.Optional(Type.Union(SEARCH_TYPES.map((t) => Type.Literal(t)), { description: 'One kind of result, paginated. Without it: the first few of each kind and the counts.' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `nextCursor` of the previous page (same q and type).' })),
  },
  { additionalProperties: false },
)
export type SearchQuery = Static<typeof SearchQuery>

export const PersonResult = Type.Object(
  {
    type: Type.Literal('person'),
    handle: Type.String(),
    name: Type.String(),
    headline: Type.String(),
    location: Type.Union([Type.String(), Type.Null()], { description: 'null when the profile is shown to connections only (the profile policy decides).' }),
    restricted: Type.Boolean({ description: 'The card is the limited one of a "connections only" profile.' }),
    degree: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Null()], { description: "The viewer's degree of connection to the member (null: further, or the viewer)." }),
  },
  { description: 'Found by name (misspellings too: trigram similarity) and headline.' },
)
export const CompanyResult = Type.Object({ type: Type.Literal('company'), slug: Type.String(), name: Type.String(), industry: Type.String(), hasLogo: Type.Boolean() })
export const ThreadResult = Type.Object(
  { type: Type.Literal('thread'), thread: ThreadSummary },
  { description: 'A Work Talk thread, by its title and opening post: open-channel threads for verified members, a company board\'s for its current employees only.' },
)
export const PostResult = Type.Object(
  { type: Type.Literal('post'), post: FeedPost },
  { description: 'A real-name feed post, by its text; never one whose author and the viewer have a block between them.' },
)
export const JobResult = Type.Object({ type: Type.Literal('job'), job: Job }, { description: 'An open job, by its title, place, company and description.' })
export const SearchResult = Type.Union([PersonResult, CompanyResult, PostResult, ThreadResult, JobResult])
export type SearchResult = Static<typeof SearchResult>

const Count = Type.Integer({ minimum: 0, maximum: SEARCH.countCap + 1, description: `Matches, counted up to ${SEARCH.countCap}; ${SEARCH.countCap + 1} means more.` })
export const SearchCounts = Type.Object({ people: Count, companies: Count, posts: Count, threads: Count, jobs: Count })
export type SearchCounts = Static<typeof SearchCounts>

export const SearchAnswer = Type.Object({
  results: Type.Array(SearchResult, { description: 'Best match first.' }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  counts: Type.Union([SearchCounts, Type.Null()], { description: 'On the first page (no cursor); null on later ones.' }),
})
export type SearchAnswer = Static<typeof SearchAnswer>
