import { useTranslation } from 'react-i18next'
import { RATING_KEYS, type ReviewSummary as Summary } from '../../../../shared/src/api/company-reviews.js'
import { formatAverage, formatCount, formatPercent, quarterParts } from './review-format.js'
import { Stars } from './Stars.js'

/** Quarters the trend shows at most: two years. */
const TREND_QUARTERS = 8

/**
 * A company's reviews at a glance: the overall average with stars and the count, the six
 * averages as bars, how many gave each overall rating (5 down to 1), "recommend to a friend",
 * "approve of the CEO" and the quarterly trend of the overall rating.
 */
export function ReviewSummary({ summary }: { summary: Summary }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const overall = summary.averages.overall
  const most = Math.max(1, ...summary.distribution)
  return (
    <section className="card review-summary" aria-labelledby="review-summary-title">
      <h2 id="review-summary-title">{t('companyReviews.summary.title')}</h2>
      <div className="review-summary-grid">
        <div className="summary-overall">
          <p className="summary-big">{overall !== null ? formatAverage(overall, lang) : '–'}</p>
          {overall !== null && <Stars value={overall} className="stars-large" />}
          <p className="muted small">{t('companyReviews.summary.count', { count: summary.count, formatted: formatCount(summary.count, lang) })}</p>
          <ul className="summary-percents">
            {summary.recommendPercent !== null && (
              <li>
                <strong>{formatPercent(summary.recommendPercent, lang)}</strong> {t('companyReviews.summary.recommend')}
              </li>
            )}
            {summary.ceoApprovalPercent !== null && (
              <li>
                <strong>{formatPercent(summary.ceoApprovalPercent, lang)}</strong> {t('companyReviews.summary.ceo')}
              </li>
            )}
          </ul>
        </div>
        <div>
          <h3 className="small-heading" id="summary-categories">{t('companyReviews.summary.categories')}</h3>
          <ul className="bar-list" aria-labelledby="summary-categories">
            {RATING_KEYS.map((k) => {
              const avg = summary.averages[k]
              return (
                <li key={k} className="bar-row">
                  <span className="bar-label">{t(`companyReviews.ratings.${k}`)}</span>
                  <span className="bar-track" aria-hidden="true">
                    <span className="bar-fill" style={{ width: `${avg !== null ? (avg / 5) * 100 : 0}%` }} />
                  </span>
                  <span className="bar-value">{avg !== null ? formatAverage(avg, lang) : '–'}</span>
                </li>
              )
            })}
          </ul>
        </div>
        <div>
          <h3 className="small-heading" id="summary-distribution">{t('companyReviews.summary.distribution')}</h3>
          <ul className="bar-list" aria-labelledby="summary-distribution">
            {[5, 4, 3, 2, 1].map((r) => {
              const n = summary.distribution[r - 1] ?? 0
              return (
                <li key={r} className="bar-row">
                  <span className="bar-label">
                    <span aria-hidden="true">{r} ★</span>
                    <span className="visually-hidden">{t('companyReviews.summary.starsLabel', { count: r })}</span>
                  </span>
                  <span className="bar-track" aria-hidden="true">
                    <span className="bar-fill bar-fill-stars" style={{ width: `${(n / most) * 100}%` }} />
                  </span>
                  <span className="bar-value">
                    <span aria-hidden="true">{formatCount(n, lang)}</span>
                    <span className="visually-hidden">{t('companyReviews.summary.count', { count: n, formatted: formatCount(n, lang) })}</span>
                  </span>
                </li>
              )
            })}
          </ul>
        </div>
      </div>
      {summary.trend.length > 0 && <Trend trend={summary.trend.slice(-TREND_QUARTERS)} />}
    </section>
  )
}

const W = 320
const H = 120
const PAD = { left: 30, right: 24, top: 10, bottom: 26 }

/**
 * The mean overall rating per quarter as a small line (inline SVG, scaled with the card). The
 * picture is for the eye; screen readers get the same figures as a list.
 */
function Trend({ trend }: { trend: Summary['trend'] }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const innerW = W - PAD.left - PAD.right
  const innerH = H - PAD.top - PAD.bottom
  const x = (i: number) => PAD.left + (trend.length === 1 ? innerW / 2 : (i / (trend.length - 1)) * innerW)
  const y = (v: number) => PAD.top + ((5 - Math.max(1, Math.min(5, v))) / 4) * innerH
  const points = trend.map((q, i) => `${x(i).toFixed(1)},${y(q.overall).toFixed(1)}`).join(' ')
  const label = (quarter: string) => {
    const p = quarterParts(quarter)
    return p ? t('companyReviews.summary.quarter', { year: p.year, quarter: p.quarter }) : quarter
  }
  const short = (quarter: string) => {
    const p = quarterParts(quarter)
    return p ? t('companyReviews.summary.quarterShort', { year: String(p.year).slice(2), quarter: p.quarter }) : quarter
  }
  return (
    <figure className="review-trend">
      <figcaption className="small-heading">{t('companyReviews.summary.trend')}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="trend-chart" aria-hidden="true" focusable="false">
        {[1, 3, 5].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="trend-grid" />
            <text x={PAD.left - 6} y={y(v) + 4} className="trend-axis" textAnchor="end">{v}</text>
          </g>
        ))}
        {trend.length > 1 && <polyline points={points} className="trend-line" />}
        {trend.map((q, i) => (
          <circle key={q.quarter} cx={x(i)} cy={y(q.overall)} r={3.5} className="trend-dot" />
        ))}
        {trend.map((q, i) => (
          <text key={q.quarter} x={x(i)} y={H - 8} className="trend-axis" textAnchor="middle">{short(q.quarter)}</text>
        ))}
      </svg>
      <ul className="visually-hidden">
        {trend.map((q) => (
          <li key={q.quarter}>
            {t('companyReviews.summary.trendPoint', { quarter: label(q.quarter), value: formatAverage(q.overall, lang), count: q.count })}
          </li>
        ))}
      </ul>
    </figure>
  )
}
