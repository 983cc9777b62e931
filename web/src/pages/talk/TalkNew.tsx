import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { Composer } from '../../components/talk/Composer.js'
import { KeyWarning } from '../../components/talk/KeyWarning.js'
import { VerifyFirst } from '../../components/talk/VerifyFirst.js'
import { Loading } from '../../components/Loading.js'
import { usePageTitle } from '../../lib/use-page-title.js'
import { useSession } from '../../session/session-context.js'
import { useTalkRuntime } from '../../talk/talk-context.js'
import { isVerified } from '../../talk/voices.js'

/**
 * Rendered inside <RequireAuth>: the new-thread composer. A posted thread opens its own page,
 * rendered from the local copy; one still waiting (no id yet) opens its pending page.
 */
export default function TalkNew() {
  const { t } = useTranslation()
  const { me } = useSession()
  const runtime = useTalkRuntime()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  usePageTitle(t('talk.composer.newTitle'))
  if (!isVerified(me)) return <VerifyFirst />
  if (!runtime) return <Loading />
  return (
    <div className="talk talk-compose">
      <p className="breadcrumb">
        <Link to="/talk">{t('talk.thread.back')}</Link>
      </p>
      <h1>{t('talk.composer.newTitle')}</h1>
      <p className="lead">{t('talk.composer.newIntro')}</p>
      <KeyWarning />
      <section className="card" aria-label={t('talk.composer.newTitle')}>
        <Composer target={null} lock={null} initialChannel={params.get('channel')} onQueued={(item) => navigate(item.threadId ? `/talk/t/${item.threadId}` : `/talk/pending/${item.id}`)} />
      </section>
    </div>
  )
}
