import { Type, type Static } from '@sinclair/typebox'
import { PhotoFields } from './account-extras.js'
import { LIMITS } from './limits.js'
import { ProfileNetwork } from './network.js'

const YearMonth = Type.String({ pattern: '^(19|20)\\d\\d-(0[1-9]|1[0-2])$', description: 'YYYY-MM' })
const Line = (description?: string) => Type.String({ maxLength: LIMITS.entryTextLength, description })

export const ExperienceEntry = Type.Object(
  {
    company: Type.String({ minLength: 1, maxLength: LIMITS.entryTextLength, pattern: '\\S' }),
    title: Type.String({ minLength: 1, maxLength: LIMITS.entryTextLength, pattern: '\\S' }),
    start: YearMonth,
    end: Type.Union([YearMonth, Type.Null()], { description: 'null while current' }),
    description: Type.String({ maxLength: LIMITS.entryDescriptionLength }),
  },
  { additionalProperties: false },
)
export type ExperienceEntry = Static<typeof ExperienceEntry>

export const EducationEntry = Type.Object(
  {
    school: Type.String({ minLength: 1, maxLength: LIMITS.entryTextLength, pattern: '\\S' }),
    degree: Line(),
    field: Line(),
    startYear: Type.Union([Type.Integer({ minimum: 1900, maximum: 2100 }), Type.Null()]),
    endYear: Type.Union([Type.Integer({ minimum: 1900, maximum: 2100 }), Type.Null()]),
  },
  { additionalProperties: false },
)
export type EducationEntry = Static<typeof EducationEntry>

export const Visibility = Type.Union([Type.Literal('members'), Type.Literal('connections')], {
  description: 'Who sees the full profile: every signed-in member, or only connections (and the owner).',
})
export type Visibility = Static<typeof Visibility>

const profileFields = {
  headline: Type.String({ maxLength: LIMITS.headlineLength }),
  about: Type.String({ maxLength: LIMITS.aboutLength }),
  location: Type.String({ maxLength: LIMITS.locationLength }),
  experience: Type.Array(ExperienceEntry, { maxItems: LIMITS.experienceEntries }),
  education: Type.Array(EducationEntry, { maxItems: LIMITS.educationEntries }),
  skills: Type.Array(Type.String({ minLength: 1, maxLength: LIMITS.skillLength, pattern: '\\S' }), {
    maxItems: LIMITS.skills,
    uniqueItems: true,
  }),
}

export const Profile = Type.Object({ ...profileFields, visibility: Visibility })
export type Profile = Static<typeof Profile>

export const UpdateProfile = Type.Object(
  { ...profileFields, visibility: Type.Optional(Visibility) },
  { additionalProperties: false },
)
export type UpdateProfile = Static<typeof UpdateProfile>

export const PublicProfile = Type.Object({
  handle: Type.String(),
  name: Type.String(),
  headline: Type.String(),
  restricted: Type.Boolean({ description: 'true: the owner shows the full profile to 1st-degree connections only, and the viewer is not one; only name and headline are given.' }),
  location: Type.Optional(Type.String()),
  about: Type.Optional(Type.String()),
  experience: Type.Optional(Type.Array(ExperienceEntry)),
  education: Type.Optional(Type.Array(EducationEntry)),
  skills: Type.Optional(Type.Array(Type.String())),
  employments: Type.Array(
    Type.Object({
      company: Type.Object({ slug: Type.String(), name: Type.String() }),
      verifiedAt: Type.String({ format: 'date' }),
      status: Type.Union([Type.Literal('current'), Type.Literal('former')]),
    }),
    { description: 'Verified employments the member chose to show.' },
  ),
  memberSince: Type.String({ format: 'date', description: 'Month of sign-up, as YYYY-MM-01.' }),
  isSelf: Type.Boolean(),
  ...PhotoFields,
  ...ProfileNetwork.properties,
})
export type PublicProfile = Static<typeof PublicProfile>
