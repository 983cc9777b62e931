import { useTranslation } from 'react-i18next'
import type { SalaryCells } from '../../../../shared/src/api/company-reviews.js'
import { formatDateTime } from '../../lib/dates.js'
import { currencyName, formatCount, formatMoney } from './review-format.js'

/**
 * The company's salaries, one row per job family, location and currency: reports, quartiles of
 * the base pay and the median total. A cell with too few reports shows how many it has, never
 * its figures. On a phone each row becomes a small card (the column names beside the values).
 */
export function SalaryTable({ data }: { data: SalaryCells }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const money = (v: number | null, currency: string) => (v === null ? '–' : formatMoney(v, currency, lang))
  const col = {
    family: t('companyReviews.salaries.family'),
    location: t('companyReviews.salaries.location'),
    currency: t('companyReviews.salaries.currency'),
    count: t('companyReviews.salaries.count'),
    p25: t('companyReviews.salaries.p25'),
    median: t('companyReviews.salaries.median'),
    p75: t('companyReviews.salaries.p75'),
    total: t('companyReviews.salaries.medianTotal'),
  }
  return (
    <>
      {data.cells.length === 0 ? (
        <p className="muted">{t('companyReviews.salaries.none')}</p>
      ) : (
        <div className="salary-table-wrap">
          <table className="salary-table">
            <caption className="visually-hidden">{t('companyReviews.salaries.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{col.family}</th>
                <th scope="col">{col.location}</th>
                <th scope="col">{col.currency}</th>
                <th scope="col" className="num">{col.count}</th>
                <th scope="col" className="num">{col.p25}</th>
                <th scope="col" className="num">{col.median}</th>
                <th scope="col" className="num">{col.p75}</th>
                <th scope="col" className="num">{col.total}</th>
              </tr>
            </thead>
            <tbody>
              {data.cells.map((c) => {
                const hidden = c.median === null
                return (
                  <tr key={`${c.titleFamily}|${c.location}|${c.currency}`} className={hidden ? 'salary-row-hidden' : undefined}>
                    <th scope="row" data-label={col.family}>{t(`companyReviews.titleFamilies.${c.titleFamily}`)}</th>
                    <td data-label={col.location}>{c.location}</td>
                    <td data-label={col.currency}><abbr title={currencyName(c.currency, lang)}>{c.currency}</abbr></td>
                    <td data-label={col.count} className="num">{formatCount(c.count, lang)}</td>
                    {hidden ? (
                      <td colSpan={4} className="salary-hidden" data-label={col.median}>
                        {t('companyReviews.salaries.hidden', { count: c.count, min: data.minReports })}
                      </td>
                    ) : (
                      <>
                        <td data-label={col.p25} className="num">{money(c.p25, c.currency)}</td>
                        <td data-label={col.median} className="num salary-median">{money(c.median, c.currency)}</td>
                        <td data-label={col.p75} className="num">{money(c.p75, c.currency)}</td>
                        <td data-label={col.total} className="num">{money(c.medianTotal, c.currency)}</td>
                      </>
                    )}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">{t('companyReviews.salaries.explain', { min: data.minReports })}</p>
      <p className="hint">
        {data.computedAt
          ? t('companyReviews.salaries.updated', { when: formatDateTime(data.computedAt, lang) })
          : t('companyReviews.salaries.notComputed')}
      </p>
    </>
  )
}
