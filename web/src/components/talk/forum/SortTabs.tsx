import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

export type ListTab = 'hot' | 'new' | 'top' | 'following'
export type Period = 'day' | 'week' | 'month'
export const TABS: readonly ListTab[] = ['hot', 'new', 'top', 'following']
export const PERIODS: readonly Period[] = ['day', 'week', 'month']

/**
 * Hot / New / Top / Following as one compact row (toggle buttons: the page shows one list), and
 * for Top the period — day, week or month — as a second, smaller row. `extra` sits at the row's
 * end (the muting switch).
 */
export function SortTabs({ tab, period, onTab, onPeriod, extra }: {
  tab: ListTab
  period: Period
  onTab: (tab: ListTab) => void
  onPeriod: (period: Period) => void
  extra?: ReactNode
}) {
  const { t } = useTranslation()
  return (
    <div className="forum-controls">
      <div className="sort-row">
        <div className="sort-tabs" role="group" aria-label={t('talk.forum.sortLabel')}>
          {TABS.map((k) => (
            <button key={k} type="button" className="sort-tab" aria-pressed={tab === k} onClick={() => onTab(k)}>
              {t(`talk.forum.${k}`)}
            </button>
          ))}
        </div>
        {extra}
      </div>
      {tab === 'top' && (
        <div className="period-tabs" role="group" aria-label={t('talk.forum.periodLabel')}>
          {PERIODS.map((p) => (
            <button key={p} type="button" className="period-tab" aria-pressed={period === p} onClick={() => onPeriod(p)}>
              {t(`talk.forum.${p}`)}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
