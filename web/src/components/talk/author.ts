import type { Static } from '@sinclair/typebox'
import type { TFunction } from 'i18next'
import type { AuthorView } from '../../../../shared/src/api/talk.js'
import { aliasName, type AliasLanguage } from '../../../../shared/src/talk/alias.js'
import type { Voice } from '../../talk/voices.js'

export type AuthorParts = Static<typeof AuthorView>

/** The alias words for a UI language: Chinese readers see "安静的苍鹭", everyone else "Quiet Heron". */
export function aliasLanguage(lang: string): AliasLanguage {
  return lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

/** The alias a post signed with this public key shows, in the reader's language. */
export function aliasFor(publicKey: string, lang: string): string {
  return aliasName(publicKey, aliasLanguage(lang))
}

/**
 * The label a post shows. The API sends English text (`authorLabel`) and the parts; other
 * languages build it from the parts. An alias is English in the API (the server has no reader
 * language): with the post's key at hand it is derived again in the reader's language, else
 * the English one stays.
 */
export function authorText(t: TFunction, lang: string, author: AuthorParts, authorLabel?: string, authorKey?: string): string {
  if (author.kind === 'alias' && authorKey) return aliasFor(authorKey, lang)
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
