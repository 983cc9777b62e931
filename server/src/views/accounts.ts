import type { Language, Me, Profile, ProfileNetwork, PublicProfile } from '../../../shared/src/api/index.js'
import { canSeeFullProfile } from '../policies/profiles.js'
import type { AccountRow } from '../services/accounts/accounts.js'
import { photoUrls } from '../services/profiles/photos.js'
import type { ProfileRow } from '../services/profiles/profiles.js'
import type { EmploymentRow } from '../services/verifications/employments.js'
import { employment, shownEmployments } from './employments.js'

export function profile(row: Omit<Profile, never>): Profile {
  return {
    headline: row.headline,
    about: row.about,
    location: row.location,
    experience: row.experience,
    education: row.education,
    skills: row.skills,
    visibility: row.visibility,
  }
}

export function me(row: AccountRow, employments: EmploymentRow[]): Me {
  return {
    id: row.id,
    name: row.name,
    handle: row.handle,
    email: row.email,
    language: row.language as Language,
    createdOn: row.createdOn,
    role: row.role,
    employments: employments.map(employment),
    profile: profile(row),
    ...photoUrls(row.photoId),
  }
}

/** A member's profile as a viewer may see it: the visibility rule is applied here, once. */
export function publicProfile(row: ProfileRow, viewerId: string, employments: EmploymentRow[], network: ProfileNetwork): PublicProfile {
  const base = {
    handle: row.handle,
    name: row.name,
    headline: row.headline,
    employments: shownEmployments(employments),
    memberSince: `${row.createdOn.slice(0, 7)}-01`,
    isSelf: row.id === viewerId,
    // Like name and headline, the photo is shown to every signed-in member (policies/profiles.ts).
    ...photoUrls(row.photoId),
    ...network,
  }
  if (!canSeeFullProfile(viewerId, row, network.degree === 1)) return { ...base, restricted: true }
  return {
    ...base,
    restricted: false,
    location: row.location,
    about: row.about,
    experience: row.experience,
    education: row.education,
    skills: row.skills,
  }
}
