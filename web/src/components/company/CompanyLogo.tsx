import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { logoUrl } from '../../api/client.js'

/** The first letter of the name (a whole character, so also for CJK names and emoji). */
export function companyInitial(name: string): string {
  return Array.from(name.trim())[0]?.toLocaleUpperCase() ?? '?'
}

interface Props {
  company: { slug: string; name: string; hasLogo: boolean }
  size: 'large' | 'small'
  /**
   * Where the company's name is already next to it (lists), the logo adds nothing for a screen
   * reader and has empty alt text; elsewhere it is named "<company> logo".
   */
  decorative?: boolean
}

/** A company's logo, or a neutral badge with its initial when it has none (or it fails to load). */
export function CompanyLogo({ company, size, decorative = false }: Props) {
  const { t } = useTranslation()
  const src = logoUrl(company.slug)
  const [failed, setFailed] = useState<string | null>(null)
  const className = `company-logo company-logo-${size}`
  if (!company.hasLogo || failed === src) {
    return (
      <span className={`${className} company-initial`} aria-hidden="true">
        {companyInitial(company.name)}
      </span>
    )
  }
  return (
    <img className={className} src={src} width={256} height={256} alt={decorative ? '' : t('company.logoAlt', { name: company.name })}
      onError={() => setFailed(src)} />
  )
}
