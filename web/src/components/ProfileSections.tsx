import { useTranslation } from 'react-i18next'
import type { EducationEntry, ExperienceEntry } from '../../../shared/src/api/index.js'
import { formatMonth } from '../lib/dates.js'

export function ExperienceList({ items }: { items: ExperienceEntry[] }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  return (
    <section className="card" aria-labelledby="experience-title">
      <h2 id="experience-title">{t('profile.experience')}</h2>
      <ol className="timeline">
        {items.map((x, i) => (
          <li key={i} className="timeline-item">
            <h3>{x.title}</h3>
            <p className="entry-org">{x.company}</p>
            <p className="muted">
              {t('profile.range', {
                start: formatMonth(x.start, lang),
                end: x.end ? formatMonth(x.end, lang) : t('profile.present'),
              })}
            </p>
            {x.description && <p className="prewrap">{x.description}</p>}
          </li>
        ))}
      </ol>
    </section>
  )
}

export function EducationList({ items }: { items: EducationEntry[] }) {
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="education-title">
      <h2 id="education-title">{t('profile.education')}</h2>
      <ol className="timeline">
        {items.map((x, i) => {
          const study = [x.degree, x.field].filter((s) => s.trim() !== '').join(t('completeness.separator'))
          const years =
            x.startYear !== null || x.endYear !== null
              ? t('profile.years', { start: x.startYear ?? '…', end: x.endYear ?? '…' })
              : null
          return (
            <li key={i} className="timeline-item">
              <h3>{x.school}</h3>
              {study && <p className="entry-org">{study}</p>}
              {years && <p className="muted">{years}</p>}
            </li>
          )
        })}
      </ol>
    </section>
  )
}

export function SkillList({ skills }: { skills: string[] }) {
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="skills-title">
      <h2 id="skills-title">{t('profile.skills')}</h2>
      <ul className="chips">
        {skills.map((s) => (
          <li key={s} className="chip">
            {s}
          </li>
        ))}
      </ul>
    </section>
  )
}
