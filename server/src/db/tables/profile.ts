import type { ColumnType, Generated } from 'kysely'
import type { EducationEntry, ExperienceEntry, Visibility } from '../../../../shared/src/api/profiles.js'

type Json<T> = ColumnType<T, string | undefined, string>

export interface ProfileTable {
  accountId: string
  headline: Generated<string>
  about: Generated<string>
  location: Generated<string>
  experience: Json<ExperienceEntry[]>
  education: Json<EducationEntry[]>
  skills: Json<string[]>
  visibility: ColumnType<Visibility, Visibility | undefined, Visibility>
}

export type PartialDB = { profile: ProfileTable }
