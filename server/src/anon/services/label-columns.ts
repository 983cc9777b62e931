import type { AnonContext } from '../context.js'
import type { Voice } from '../tables.js'
import type { CheckedToken } from './redeem.js'

/** What a post stores of its author's label (DESIGN §3). */
export interface LabelColumns {
  label: 'company' | 'alias'
  voice: Voice | null
  companySlug: string | null
  companyName: string | null
}

/**
 * The label columns of a post: who the token vouches for and which company a `company` label
 * names. An alias post keeps neither — not even which kind of key paid for it.
 */
export async function labelColumns(ctx: AnonContext, key: Pick<CheckedToken, 'companySlug' | 'purpose'>, label: 'company' | 'alias'): Promise<LabelColumns> {
  if (label === 'alias') return { label, voice: null, companySlug: null, companyName: null }
  const voice: Voice = key.companySlug === null ? 'professional' : key.purpose === 'talk-former' ? 'former' : 'employee'
  if (key.companySlug === null) return { label, voice, companySlug: null, companyName: null }
  const company = await ctx.db.selectFrom('company').select(['slug', 'name']).where('slug', '=', key.companySlug).executeTakeFirst()
  return { label, voice, companySlug: key.companySlug, companyName: company?.name ?? key.companySlug }
}

/** Two posts show the same author label: the same kind, voice and company. */
export function sameLabel(a: Pick<LabelColumns, 'label' | 'voice' | 'companySlug'>, b: Pick<LabelColumns, 'label' | 'voice' | 'companySlug'>): boolean {
  return a.label === b.label && a.voice === b.voice && a.companySlug === b.companySlug
}
