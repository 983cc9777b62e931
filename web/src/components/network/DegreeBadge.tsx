import { useTranslation } from 'react-i18next'
import type { Degree } from '../../../../shared/src/api/network.js'

/** "1st", "2nd", "3rd", with the full words for screen readers; nothing beyond. */
export function DegreeBadge({ degree }: { degree: Degree }) {
  const { t } = useTranslation()
  if (degree === null) return null
  const key = String(degree) as '1' | '2' | '3'
  return (
    <span className="degree-badge" title={t(`network.degreeLabel.${key}`)}>
      <span aria-hidden="true">{t(`network.degree.${key}`)}</span>
      <span className="visually-hidden">{t(`network.degreeLabel.${key}`)}</span>
    </span>
  )
}
