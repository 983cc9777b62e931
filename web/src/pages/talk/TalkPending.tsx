import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { Loading } from '../../components/Loading.js'
import { KeyWarning } from '../../components/talk/KeyWarning.js'
import { LocalPost } from '../../components/talk/LocalPost.js'
import { VerifyFirst } from '../../components/talk/VerifyFirst.js'
import { usePageTitle } from '../../lib/use-page-title.js'
import { useSession } from '../../session/session-context.js'
import { useTalkRuntime, useTalkState } from '../../talk/talk-context.js'
import { isVerified } from '../../talk/voices.js'

/**
 * A new thread of this browser that has no id yet (it waits for its tokens to age, or for "publish
 * within N minutes"): shown from the outbox, with its state and what can be done. Once the server
 * has answered, the page moves on to the thread's own page (rendered locally until it is read).
 */
export default function TalkPending() {
  const { id = '' } = useParams()
  const { me } = useSession()
  const { t } = useTranslation()
  const runtime = useTalkRuntime()
  const { outbox, phase } = useTalkState()
  const navigate = useNavigate()
  const item = outbox.find((p) => p.id === id && p.kind === 'thread')
  const [alias, setAlias] = useState<string | null>(null)
  usePageTitle(item?.title || t('talk.composer.newTitle'))

  useEffect(() => {
    if (item?.threadId) navigate(`/talk/t/${item.threadId}`, { replace: true })
  }, [item?.threadId, navigate])

  useEffect(() => {
    if (!runtime || !item?.nonce) return
    void runtime.identity.openerIdentity(item.nonce).then((i) => setAlias(runtime.aliasOf(i.publicKey)))
  }, [runtime, item?.nonce])

  if (!isVerified(me)) return <VerifyFirst />
  if (!runtime || phase === 'starting') return <Loading />
  return (
    <div className="talk talk-thread">
      <p className="breadcrumb">
        <Link to="/talk">{t('talk.thread.back')}</Link>
      </p>
      <KeyWarning />
      {item ? (
        <>
          <header className="thread-header">
            <h1>{item.title}</h1>
          </header>
          <ol className="post-list" aria-label={t('talk.thread.posts')}>
            <LocalPost item={item} alias={alias} opening />
          </ol>
        </>
      ) : (
        <section className="card soon" aria-labelledby="pending-missing">
          <h1 id="pending-missing">{t('talk.pending.goneTitle')}</h1>
          <p>{t('talk.pending.goneBody')}</p>
        </section>
      )}
    </div>
  )
}
