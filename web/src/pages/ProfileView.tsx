import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom'
import type { PublicProfile } from '../../../shared/src/api/index.js'
import { api, isApiError } from '../api/client.js'
import { Avatar } from '../components/account2/Avatar.js'
import { Loading } from '../components/Loading.js'
import { EducationList, ExperienceList, SkillList } from '../components/ProfileSections.js'
import { formatDay, formatLongMonth } from '../lib/dates.js'
import { signInPath } from '../lib/next-path.js'
import { errorMessage } from '../lib/problem.js'
import { usePageTitle } from '../lib/use-page-title.js'
import { useSession } from '../session/session-context.js'
import { LoadFailed } from '../components/LoadFailed.js'
import { DegreeBadge } from '../components/network/DegreeBadge.js'
import { ProfileNetwork } from '../components/network/ProfileNetwork.js'
import { ReportDialog } from '../components/moderation/ReportDialog.js'

type State =
  | { kind: 'loading' }
  | { kind: 'ok'; profile: PublicProfile }
  | { kind: 'notFound' }
  | { kind: 'blocked'; name: string }
  | { kind: 'error'; message: string }


export default function ProfileView() {
  const { t, i18n } = useTranslation()
  const { handle = '' } = useParams()
  const navigate = useNavigate()
  const location = useLocation()
  const session = useSession()
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const lang = i18n.resolvedLanguage ?? 'en'
  const sessionKey = session.me ? session.me.id + JSON.stringify(session.me.profile) + session.me.name : session.status

  useEffect(() => {
    if (session.status === 'loading') return
    let live = true
    setState((s) => (s.kind === 'ok' && s.profile.handle === handle ? s : { kind: 'loading' }))
    api.user(handle).then(
      (profile) => {
        if (!live) return
        setState({ kind: 'ok', profile })
        // An old handle: the API answered 301 and the browser followed it; show the new address.
        if (profile.handle !== handle) navigate(`/in/${encodeURIComponent(profile.handle)}${location.search}${location.hash}`, { replace: true })
      },
      (err: unknown) => {
        if (!live) return
        if (isApiError(err) && err.status === 401) navigate(signInPath(location.pathname), { replace: true })
        else if (isApiError(err) && err.status === 404) setState({ kind: 'notFound' })
        else setState({ kind: 'error', message: errorMessage(t, err) })
      },
    )
    return () => {
      live = false
    }
    // Refetch only when the handle, the signed-in account or the retry counter changes.
  }, [handle, sessionKey, attempt])

  usePageTitle(state.kind === 'ok' ? state.profile.name : state.kind === 'notFound' ? t('profile.notFoundTitle') : t('profile.loadingTitle'))

  if (state.kind === 'loading') return <Loading />
  if (state.kind === 'notFound') {
    return (
      <section className="card narrow" aria-labelledby="pnf-title">
        <h1 id="pnf-title">{t('profile.notFoundTitle')}</h1>
        <p>{t('profile.notFoundBody', { handle })}</p>
      </section>
    )
  }
  if (state.kind === 'blocked') {
    return (
      <section className="card narrow" aria-labelledby="blocked-title">
        <h1 id="blocked-title">{state.name}</h1>
        <p role="status">{t('network.blocked', { name: state.name })}</p>
        <Link to="/settings">{t('network.toSettings')}</Link>
      </section>
    )
  }
  if (state.kind === 'error') {
    return <LoadFailed message={state.message} onRetry={() => setAttempt((a) => a + 1)} />
  }

  const p = state.profile
  const experience = p.experience ?? []
  const education = p.education ?? []
  const skills = p.skills ?? []
  const isEmpty = !p.restricted && !p.headline && !p.location && !p.about && !experience.length && !education.length && !skills.length
  return (
    <article className="profile" aria-labelledby="profile-name">
      <header className="card profile-header">
        <Avatar name={p.name} url={p.photoUrl} />
        <div className="profile-intro">
          <h1 id="profile-name">
            {p.name} <DegreeBadge degree={p.degree} />
          </h1>
          {p.headline && <p className="headline">{p.headline}</p>}
          <p className="muted meta">
            {p.location && <span>{p.location}</span>}
            <span>{t('profile.memberSince', { date: formatLongMonth(p.memberSince, lang) })}</span>
          </p>
          {p.employments.length > 0 && (
            <ul className="badges" aria-label={t('profile.verifiedTitle')}>
              {p.employments.map((e) => (
                <li key={e.company.slug} className={e.status === 'former' ? 'badge badge-verified badge-former' : 'badge badge-verified'}>
                  <Link to={`/companies/${e.company.slug}`} className="badge-link">
                    <span aria-hidden="true">{e.status === 'former' ? '◦ ' : '✓ '}</span>
                    {e.status === 'former'
                      ? t('profile.verifiedFormer', { company: e.company.name })
                      : t('profile.verifiedAt', { company: e.company.name })}
                  </Link>
                  <span className="badge-date">{t('profile.verifiedOn', { date: formatDay(e.verifiedAt, lang) })}</span>
                </li>
              ))}
            </ul>
          )}
          {p.isSelf && !p.employments.some((e) => e.status === 'current') && (
            <p className="verify-prompt">
              <Link to="/verify">{t('profile.verifyPrompt')}</Link>
            </p>
          )}
        </div>
        {p.isSelf && (
          <Link to="/me/edit" className="button button-secondary profile-edit">
            {t('profile.edit')}
          </Link>
        )}
      </header>

      {!p.isSelf && (
        <p className="profile-report">
          <ReportDialog targetType="profile" targetId={p.handle} what={p.name} />
        </p>
      )}
      {!p.isSelf && (
        <ProfileNetwork profile={p} onChanged={() => setAttempt((a) => a + 1)} onBlocked={() => setState({ kind: 'blocked', name: p.name })} />
      )}
      {p.restricted && <p className="card notice">{t('profile.restricted', { name: p.name })}</p>}
      {p.isSelf && session.me?.profile.visibility === 'connections' && (
        <p className="card notice">{t('profile.visibilityConnections')}</p>
      )}
      {isEmpty && <p className="card notice">{p.isSelf ? t('profile.emptySelf') : t('profile.empty', { name: p.name })}</p>}
      {p.about && (
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">{t('profile.about')}</h2>
          <p className="prewrap">{p.about}</p>
        </section>
      )}
      {experience.length > 0 && <ExperienceList items={experience} />}
      {education.length > 0 && <EducationList items={education} />}
      {skills.length > 0 && <SkillList skills={skills} />}
    </article>
  )
}
