import type { TFunction } from 'i18next'
import type { Profile, UpdateProfile, Visibility } from '../../../shared/src/api/index.js'
import { normalizeYearMonth, YEAR_MONTH } from './dates.js'
import type { FieldErrors } from './problem.js'
import { isBlank, isValidYear, parseYear } from './validation.js'

/** Form state of the profile editor. Years and months stay strings while being edited. */
export interface ExperienceDraft {
  key: string
  company: string
  title: string
  start: string
  end: string
  current: boolean
  description: string
}

export interface EducationDraft {
  key: string
  school: string
  degree: string
  field: string
  startYear: string
  endYear: string
}

export interface ProfileDraft {
  headline: string
  location: string
  about: string
  experience: ExperienceDraft[]
  education: EducationDraft[]
  skills: string[]
  visibility: Visibility
}

let seq = 0
export const newKey = (): string => `k${++seq}`

export const emptyExperience = (): ExperienceDraft => ({
  key: newKey(),
  company: '',
  title: '',
  start: '',
  end: '',
  current: false,
  description: '',
})

export const emptyEducation = (): EducationDraft => ({
  key: newKey(),
  school: '',
  degree: '',
  field: '',
  startYear: '',
  endYear: '',
})

export function toDraft(p: Profile): ProfileDraft {
  return {
    headline: p.headline,
    location: p.location,
    about: p.about,
    experience: p.experience.map((x) => ({ ...x, key: newKey(), end: x.end ?? '', current: x.end === null })),
    education: p.education.map((x) => ({
      ...x,
      key: newKey(),
      startYear: x.startYear === null ? '' : String(x.startYear),
      endYear: x.endYear === null ? '' : String(x.endYear),
    })),
    skills: [...p.skills],
    visibility: p.visibility,
  }
}

export function toUpdate(d: ProfileDraft): UpdateProfile {
  return {
    headline: d.headline.trim(),
    location: d.location.trim(),
    about: d.about.trim(),
    experience: d.experience.map((x) => ({
      company: x.company.trim(),
      title: x.title.trim(),
      start: normalizeYearMonth(x.start),
      end: x.current ? null : normalizeYearMonth(x.end),
      description: x.description.trim(),
    })),
    education: d.education.map((x) => ({
      school: x.school.trim(),
      degree: x.degree.trim(),
      field: x.field.trim(),
      startYear: parseYear(x.startYear),
      endYear: parseYear(x.endYear),
    })),
    skills: d.skills,
    visibility: d.visibility,
  }
}

/** Mirrors the UpdateProfile schema; keys are the JSON pointers the server would use. */
export function validateDraft(t: TFunction, d: ProfileDraft): FieldErrors {
  const f: FieldErrors = {}
  d.experience.forEach((x, i) => {
    const at = `/experience/${i}`
    if (isBlank(x.company)) f[`${at}/company`] = t('validation.required')
    if (isBlank(x.title)) f[`${at}/title`] = t('validation.required')
    const start = normalizeYearMonth(x.start)
    const end = normalizeYearMonth(x.end)
    if (!start) f[`${at}/start`] = t('validation.required')
    else if (!YEAR_MONTH.test(start)) f[`${at}/start`] = t('validation.month')
    if (!x.current) {
      if (!end) f[`${at}/end`] = t('validation.required')
      else if (!YEAR_MONTH.test(end)) f[`${at}/end`] = t('validation.month')
      else if (YEAR_MONTH.test(start) && end < start) f[`${at}/end`] = t('validation.endBeforeStart')
    }
  })
  d.education.forEach((x, i) => {
    const at = `/education/${i}`
    if (isBlank(x.school)) f[`${at}/school`] = t('validation.required')
    const s = parseYear(x.startYear)
    const e = parseYear(x.endYear)
    if (!isValidYear(s)) f[`${at}/startYear`] = t('validation.year')
    if (!isValidYear(e)) f[`${at}/endYear`] = t('validation.year')
    else if (s !== null && e !== null && isValidYear(s) && e < s) f[`${at}/endYear`] = t('validation.endBeforeStart')
  })
  return f
}

const KNOWN = /^\/(headline|about|location|visibility|skills|experience\/\d+\/(company|title|start|end|description)|education\/\d+\/(school|degree|field|startYear|endYear))$/

export const knowsProfilePointer = (p: string): boolean => KNOWN.test(p)

/** Per-skill errors are shown on the skill input. */
export const mapProfilePointer = (p: string): string => (p.startsWith('/skills/') ? '/skills' : p)
