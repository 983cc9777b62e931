import type { Static } from '@sinclair/typebox'
import type { TFunction } from 'i18next'
import type { AuthorView } from '../../../../shared/src/api/talk.js'
import type { Voice } from '../../talk/voices.js'

export type AuthorParts = Static<typeof AuthorView>

/**
 * The label a post shows. The API sends English text (`authorLabel`) and the parts; other
 * languages build it from the parts. Alias names stay as they are in every language.
 */
export function authorText(t: TFunction, lang: string, author: AuthorParts, authorLabel?: string): string {
  if (lang === 'en' && authorLabel) return authorLabel
  if (author.kind === 'alias') return author.alias ?? authorLabel ?? ''
  if (author.kind === 'employee' && author.company) return t('talk.label.employee', { company: author.company.name })
  if (author.kind === 'former' && author.company) return t('talk.label.former', { company: author.company.name })
  return t('talk.label.professional')
}

/** What a `company` post in this voice will show, exactly as readers will see it. */
export function voiceLabel(t: TFunction, voice: Voice): string {
  return authorText(t, '', { kind: voice.kind, company: voice.company, alias: null })
}

/**
 * "You are one of ~N …" for a voice. `count` is the anonymity set of the key whose token pays for
 * the post (the directory's count of accounts that drew from it), not the number who could have.
 */
export function anonymitySetText(t: TFunction, voice: Voice, alias: boolean, count: number): string {
  if (!alias && voice.company && voice.kind === 'employee') return t('talk.composer.setEmployee', { count, company: voice.company.name })
  if (!alias && voice.company && voice.kind === 'former') return t('talk.composer.setFormer', { count, company: voice.company.name })
  return t('talk.composer.setMembers', { count })
}
