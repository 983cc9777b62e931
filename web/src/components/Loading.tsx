import { useTranslation } from 'react-i18next'

export function Loading() {
  const { t } = useTranslation()
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('a11y.loading')}
    </p>
  )
}
