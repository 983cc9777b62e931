import type { Profile } from '../../../shared/src/api/index.js'

export const COMPLETENESS_ITEMS = ['headline', 'location', 'about', 'experience', 'education', 'skills'] as const
export type CompletenessItem = (typeof COMPLETENESS_ITEMS)[number]

export function profileCompleteness(p: Profile): { percent: number; missing: CompletenessItem[] } {
  const has: Record<CompletenessItem, boolean> = {
    headline: p.headline.trim() !== '',
    location: p.location.trim() !== '',
    about: p.about.trim() !== '',
    experience: p.experience.length > 0,
    education: p.education.length > 0,
    skills: p.skills.length > 0,
  }
  const missing = COMPLETENESS_ITEMS.filter((k) => !has[k])
  const percent = Math.round(((COMPLETENESS_ITEMS.length - missing.length) / COMPLETENESS_ITEMS.length) * 100)
  return { percent, missing }
}
