import { Type, type Static } from '@sinclair/typebox'
import { NETWORK } from './limits.js'

const Handle = Type.String({ minLength: 1, maxLength: 64 })
export const Cursor = Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' }))

export const Degree = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Null()], {
  description: 'Degree of connection from the viewer: 1st (connected), 2nd (a connection of a connection), 3rd; null beyond, or for oneself.',
})
export type Degree = Static<typeof Degree>

/** The limited card of a member: what anyone who may see the member at all may see. */
export const PersonCard = Type.Object({
  handle: Type.String(),
  name: Type.String(),
  headline: Type.String(),
  degree: Degree,
})
export type PersonCard = Static<typeof PersonCard>

export const CreateConnection = Type.Object(
  {
    handle: Handle,
    note: Type.Optional(Type.String({ maxLength: NETWORK.noteLength, description: `At most ${NETWORK.noteLength} characters.` })),
  },
  { additionalProperties: false },
)
export type CreateConnection = Static<typeof CreateConnection>

export const ConnectionState = Type.Union([Type.Literal('incoming'), Type.Literal('outgoing'), Type.Literal('accepted')], {
  description: 'incoming: an invitation to the viewer; outgoing: one the viewer sent (still pending, even if ignored); accepted: connected.',
})
export type ConnectionState = Static<typeof ConnectionState>

export const Connection = Type.Object({
  id: Type.String({ format: 'uuid' }),
  state: ConnectionState,
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  acceptedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  person: PersonCard,
})
export type Connection = Static<typeof Connection>

export const ConnectionList = Type.Object({ connections: Type.Array(Connection), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export type ConnectionList = Static<typeof ConnectionList>

export const ConnectionQuery = Type.Object(
  { state: Type.Optional(ConnectionState), cursor: Cursor },
  { additionalProperties: false },
)

export const Suggestion = Type.Object({
  ...PersonCard.properties,
  mutualCount: Type.Integer(),
  sharedSchools: Type.Integer({ description: 'Schools in both profiles (only profiles the viewer may see in full count).' }),
  sharedEmployers: Type.Integer({ description: 'Employers in both profiles: experience entries and verified employments shown on the profile.' }),
})
export type Suggestion = Static<typeof Suggestion>
export const SuggestionList = Type.Object({ people: Type.Array(Suggestion) })
export type SuggestionList = Static<typeof SuggestionList>

export const PeoplePage = Type.Object({ people: Type.Array(PersonCard), total: Type.Integer(), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export type PeoplePage = Static<typeof PeoplePage>

export const CreateBlock = Type.Object({ handle: Handle }, { additionalProperties: false })
export const Block = Type.Object({ handle: Type.String(), name: Type.String(), blockedAt: Type.String({ format: 'date-time' }) })
export type Block = Static<typeof Block>
export const BlockList = Type.Object({ blocks: Type.Array(Block), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export type BlockList = Static<typeof BlockList>

export const CreateFollow = Type.Union(
  [
    Type.Object({ handle: Handle }, { additionalProperties: false }),
    Type.Object({ company: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  ],
  { description: 'A member by handle, or a company by slug.' },
)
export type CreateFollow = Static<typeof CreateFollow>

export const Follow = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('member'), Type.Literal('company')]),
  /** The member's handle or the company's slug. */
  target: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type Follow = Static<typeof Follow>
export const FollowList = Type.Object({ following: Type.Array(Follow), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export type FollowList = Static<typeof FollowList>

/** What a profile (or company page) says about the viewer's relation to it. */
export const ProfileNetwork = Type.Object({
  degree: Degree,
  connection: Type.Union([Type.Object({ id: Type.String({ format: 'uuid' }), state: ConnectionState }), Type.Null()]),
  mutualCount: Type.Integer(),
  followerCount: Type.Integer(),
  followId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: "The viewer's follow of this member, if any (DELETE /follows/{id})." }),
})
export type ProfileNetwork = Static<typeof ProfileNetwork>
