import { Type, type Static } from '@sinclair/typebox'
import { COMPANIES } from './limits.js'

export const CompanySummary = Type.Object({ slug: Type.String(), name: Type.String(), industry: Type.String(), hasLogo: Type.Boolean() })
export const CompanyList = Type.Object({ companies: Type.Array(CompanySummary) })
export type CompanySummary = Static<typeof CompanySummary>

export const Company = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  domains: Type.Array(Type.String()),
  industry: Type.String(),
  sizeBand: Type.String(),
  description: Type.String(),
  website: Type.String({ description: 'The company\'s website ("https://…"), or "".' }),
  locations: Type.Array(Type.String(), { description: 'Places it works from, as an admin wrote them.' }),
  hasLogo: Type.Boolean({ description: 'GET /companies/{slug}/logo serves it' }),
  memberCount: Type.Integer({ description: 'Members with a current verification here, rounded like an anonymity set (exact below 10, then down to a multiple of 5).' }),
  members: Type.Array(Type.Object({ handle: Type.String(), name: Type.String(), headline: Type.String() }), {
    description: 'Only verified members who chose to show this employment on their profile (off unless they turn it on): never the whole list.',
  }),
  representatives: Type.Array(Type.Object({ handle: Type.String(), name: Type.String() }), {
    description: 'Current verified employees who speak for the company in its own name (employer responses, jobs).',
  }),
  canManageRepresentatives: Type.Boolean({ description: 'Whether the viewer (an admin, or a representative) may add and remove representatives.' }),
  canEditProfile: Type.Boolean({ description: 'Whether the viewer may edit the profile (description, industry, size, website, locations, logo): an admin, or a representative. Only admins rename and add domains.' }),
  followerCount: Type.Integer({ description: 'Members following the company.' }),
  followId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: "The viewer's follow of the company, if any (DELETE /follows/{id})." }),
  board: Type.Object(
    {
      available: Type.Boolean({ description: 'Whether the company has a Work Talk board: at least MIN_ANONYMITY_SET current verified members.' }),
      minMembers: Type.Integer({ description: 'MIN_ANONYMITY_SET.' }),
      member: Type.Boolean({ description: 'Whether the reader is a current verified employee, and so may read and post there.' }),
    },
    { description: 'The company board of Work Talk (GET /talk/threads?channel={slug}).' },
  ),
})
export type Company = Static<typeof Company>

export const UpdateCompany = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })),
    industry: Type.Optional(Type.String({ maxLength: 100 })),
    sizeBand: Type.Optional(Type.String({ maxLength: 20 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    website: Type.Optional(
      Type.Union([Type.Literal(''), Type.String({ maxLength: COMPANIES.websiteLength, pattern: '^https?://[^\\s/?#]+\\.[^\\s/?#]+(?:[/?#]\\S*)?$' })], {
        description: 'An http(s) address with a host name, or "" to remove it.',
      }),
    ),
    locations: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: COMPANIES.locationLength, pattern: '\\S' }), { maxItems: COMPANIES.maxLocations, description: 'Replaces the list.' }),
    ),
    addDomains: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)+$', maxLength: 253 }), { maxItems: 20 })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateCompany = Static<typeof UpdateCompany>
export const MergeCompany = Type.Object({ into: Type.String({ minLength: 1 }) }, { additionalProperties: false })

export const LogoUpload = Type.Object({ logo: Type.String({ format: 'binary', description: 'JPEG, PNG or WebP, at most 1 MB; stored as a 256×256 WebP.' }) }, { description: 'multipart/form-data' })

const CompanyBrief = Type.Object({ slug: Type.String(), name: Type.String(), domains: Type.Array(Type.String()), members: Type.Integer({ description: 'Current verified members.' }) })
export const DuplicateList = Type.Object({
  pairs: Type.Array(
    Type.Object({
      a: CompanyBrief,
      b: CompanyBrief,
      reasons: Type.Array(Type.Union([Type.Literal('pending'), Type.Literal('same_name'), Type.Literal('same_domain_name'), Type.Literal('similar_name')]), {
        description: '`pending`: b was made for a new e-mail domain and waits for this answer.',
      }),
    }),
  ),
})
export type DuplicateList = Static<typeof DuplicateList>
export const DistinctCompanies = Type.Object({ a: Type.String({ minLength: 1, maxLength: 64 }), b: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false })
export type DistinctCompanies = Static<typeof DistinctCompanies>
export const AddRepresentative = Type.Object({ handle: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false })
export type AddRepresentative = Static<typeof AddRepresentative>
