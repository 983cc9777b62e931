import type { ColumnType, Generated } from 'kysely'
import type { DayColumn } from './account.js'

export interface CompanyTable {
  id: Generated<string>
  slug: string
  name: string
  domains: ColumnType<string[], string[] | undefined, string[]>
  industry: Generated<string>
  sizeBand: Generated<string>
  description: Generated<string>
  createdOn: DayColumn
  logo: Buffer | null
}

export type PartialDB = { company: CompanyTable }
