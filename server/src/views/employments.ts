import type { MyEmployment, PublicProfile } from '../../../shared/src/api/index.js'
import type { EmploymentRow } from '../services/verifications/employments.js'

export function employment(e: EmploymentRow): MyEmployment {
  return {
    id: e.id,
    company: { slug: e.slug, name: e.name },
    method: e.method,
    verifiedAt: e.verifiedOn,
    expiresOn: e.expiresOn,
    status: e.status,
    showOnProfile: e.showOnProfile,
    acceptsReferrals: e.acceptsReferrals,
    waitingFor: e.waitingSlug && e.waitingName ? { slug: e.waitingSlug, name: e.waitingName } : null,
  }
}

/** What others see: only the employments the member chose to show; never method or expiry. */
export function shownEmployments(rows: EmploymentRow[]): PublicProfile['employments'] {
  return rows.filter((e) => e.showOnProfile).map((e) => ({ company: { slug: e.slug, name: e.name }, verifiedAt: e.verifiedOn, status: e.status }))
}
