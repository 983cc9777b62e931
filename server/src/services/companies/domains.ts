import { isDisposableEmailDomain } from 'disposable-email-domains-js'
import { createRequire } from 'node:module'
import { domainToUnicode } from 'node:url'
import { getDomain } from 'tldts'

const require = createRequire(import.meta.url)
/** email-providers' list of ~8,700 free mail domains (gmail.com, qq.com, 163.com …). */
const FREE = new Set<string>(require('email-providers/all.json') as string[])

/** The work address as the one key per mailbox: lower case, no "+tag", trimmed. */
export function normaliseWorkEmail(email: string): string {
  const [local = '', domain = ''] = email.trim().toLowerCase().split(/@(?=[^@]*$)/)
  return `${local.replace(/\+.*$/, '')}@${domain}`
}

/** The registrable domain a work address belongs to: mail.corp.netease.com → netease.com. */
export function registrableDomain(email: string): string | null {
  const host = email.trim().toLowerCase().split('@').pop() ?? ''
  let ascii: string
  try {
    ascii = new URL(`http://${host}`).hostname
  } catch {
    return null
  }
  return getDomain(ascii, { allowPrivateDomains: false }) ?? null
}

export type DomainKind = 'work' | 'free' | 'disposable'

export function classifyDomain(host: string, registrable: string): DomainKind {
  if (isDisposableEmailDomain(host) || isDisposableEmailDomain(registrable)) return 'disposable'
  if (FREE.has(host) || FREE.has(registrable)) return 'free'
  return 'work'
}

/** "netease.com" → "Netease"; "acme-robotics.co.uk" → "Acme Robotics". Admins can rename. */
export function guessCompanyName(domain: string): string {
  const label = domainToUnicode(domain).split('.')[0] ?? domain
  return label
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ')
}

export function slugify(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return s.length >= 2 ? s : 'company'
}
