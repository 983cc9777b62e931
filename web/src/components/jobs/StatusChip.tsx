import { useTranslation } from 'react-i18next'
import type { ApplicationStatus } from '../../../../shared/src/api/jobs.js'

/** An application's status, in words and colour (the words carry it; colour only helps). */
export function StatusChip({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation()
  return <span className={`job-status job-status-${status}`}>{t(`jobs.status.${status}`)}</span>
}
