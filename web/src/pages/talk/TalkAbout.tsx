import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { KeyLogHead } from '../../components/talk/KeyLogHead.js'
import { usePageTitle } from '../../lib/use-page-title.js'

const SECTIONS = [
  { id: 'how', title: 'howTitle', items: ['how1', 'how2', 'how3', 'how4'] },
  { id: 'protects', title: 'protectsTitle', items: ['protects1', 'protects2', 'protects3'] },
  { id: 'not', title: 'notTitle', items: ['not1', 'not2', 'not3', 'not4'] },
  { id: 'tips', title: 'tipsTitle', items: ['tip1', 'tip2', 'tip3'] },
] as const

/** The threat model in plain words (DESIGN §4). Public: people should read it before joining. */
export default function TalkAbout() {
  const { t } = useTranslation()
  usePageTitle(t('talk.aboutPage.title'))
  return (
    <div className="talk talk-about">
      <p className="breadcrumb">
        <Link to="/talk">{t('talk.thread.back')}</Link>
      </p>
      <h1>{t('talk.aboutPage.title')}</h1>
      <p className="lead">{t('talk.aboutPage.intro')}</p>
      {SECTIONS.slice(0, 2).map((s) => section(s))}
      <section className="card about-log" aria-labelledby="about-log">
        <h2 id="about-log">{t('talk.aboutPage.logTitle')}</h2>
        <p>{t('talk.aboutPage.logBody')}</p>
        <KeyLogHead />
      </section>
      {SECTIONS.slice(2).map((s) => section(s))}
    </div>
  )

  function section(s: (typeof SECTIONS)[number]) {
    return (
      <section key={s.id} className={`card about-${s.id}`} aria-labelledby={`about-${s.id}`}>
        <h2 id={`about-${s.id}`}>{t(`talk.aboutPage.${s.title}`)}</h2>
        {s.id === 'how' ? (
          s.items.map((k) => <p key={k}>{t(`talk.aboutPage.${k}`)}</p>)
        ) : (
          <ul className="about-list">
            {s.items.map((k) => (
              <li key={k}>{t(`talk.aboutPage.${k}`)}</li>
            ))}
          </ul>
        )}
        {s.id === 'tips' && (
          <p>
            <Link to="/settings#talk-identity-title">{t('talk.aboutPage.settingsLink')}</Link>
          </p>
        )}
      </section>
    )
  }
}
