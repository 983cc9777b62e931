import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'

/** Sets document.title to "<title> · Watercooler" (translated suffix). */
export function usePageTitle(title: string | null): void {
  const { t } = useTranslation()
  const suffix = t('app.titleSuffix')
  useEffect(() => {
    document.title = title ? `${title} · ${suffix}` : suffix
  }, [title, suffix])
}
