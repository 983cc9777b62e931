import crypto from 'node:crypto'
import type { Voice } from '../../db/tables/talk.js'

// 64 × 64 names. Calm words on purpose: an alias should never read as an insult or a joke.
const ADJECTIVES = [
  'Quiet', 'Brave', 'Calm', 'Clever', 'Gentle', 'Swift', 'Bright', 'Patient', 'Steady', 'Curious', 'Bold', 'Kind', 'Lucky', 'Merry', 'Nimble', 'Polite',
  'Proud', 'Silent', 'Sunny', 'Wise', 'Amber', 'Azure', 'Crimson', 'Golden', 'Ivory', 'Jade', 'Silver', 'Velvet', 'Misty', 'Frosty', 'Rustic', 'Coastal',
  'Northern', 'Southern', 'Eastern', 'Western', 'Hidden', 'Humble', 'Honest', 'Candid', 'Earnest', 'Modest', 'Placid', 'Serene', 'Sincere', 'Thoughtful', 'Vivid', 'Warm',
  'Agile', 'Alert', 'Cheerful', 'Daring', 'Eager', 'Fair', 'Grand', 'Hardy', 'Jolly', 'Keen', 'Lively', 'Mellow', 'Noble', 'Plucky', 'Quick', 'Radiant',
]
const ANIMALS = [
  'Heron', 'Otter', 'Falcon', 'Badger', 'Fox', 'Lynx', 'Owl', 'Panda', 'Raven', 'Seal', 'Tiger', 'Walrus', 'Wren', 'Yak', 'Zebra', 'Bison',
  'Crane', 'Dolphin', 'Eagle', 'Finch', 'Gazelle', 'Hare', 'Ibis', 'Jaguar', 'Koala', 'Lemur', 'Magpie', 'Narwhal', 'Ocelot', 'Pelican', 'Quail', 'Robin',
  'Salmon', 'Tapir', 'Urchin', 'Vole', 'Weasel', 'Alpaca', 'Beaver', 'Camel', 'Dingo', 'Egret', 'Ferret', 'Gecko', 'Hedgehog', 'Iguana', 'Jackal', 'Kestrel',
  'Llama', 'Marmot', 'Newt', 'Oriole', 'Puffin', 'Rabbit', 'Sparrow', 'Toucan', 'Stork', 'Swan', 'Turtle', 'Whale', 'Moose', 'Mole', 'Bear', 'Deer',
]

/** "Quiet Heron": a stable name for a pseudonym key, the same for every reader. */
export function aliasName(authorKey: Uint8Array): string {
  const h = crypto.createHash('sha256').update('watercooler/alias/').update(authorKey).digest()
  return `${ADJECTIVES[h[0]! % ADJECTIVES.length]} ${ANIMALS[h[1]! % ANIMALS.length]}`
}

export interface AuthorParts {
  kind: Voice | 'alias'
  company: { slug: string; name: string } | null
  alias: string | null
}

/** What a post's author shows as (DESIGN §3), in parts and as English text. */
export function authorParts(p: { label: 'company' | 'alias'; voice: Voice; companySlug: string | null; companyName: string | null; authorKey: Uint8Array }): AuthorParts {
  if (p.label === 'alias') return { kind: 'alias', company: null, alias: aliasName(p.authorKey) }
  const company = p.companySlug && p.companyName ? { slug: p.companySlug, name: p.companyName } : null
  return { kind: company ? p.voice : 'professional', company, alias: null }
}

export function labelText(a: AuthorParts): string {
  if (a.kind === 'alias') return a.alias!
  if (a.kind === 'employee' && a.company) return `Employee of ${a.company.name}`
  if (a.kind === 'former' && a.company) return `Former employee of ${a.company.name}`
  return 'Verified professional'
}
