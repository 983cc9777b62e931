import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isSharedDevice } from '../lib/shared-device.js'
import { useSession } from '../session/session-context.js'
import { useTalkRuntime } from '../talk/talk-context.js'
import { isVerified } from '../talk/voices.js'

/**
 * Sign-out. A member with Work Talk in this browser is asked first, in a small box, whether to
 * forget it here too (tokens, pseudonym secret, drafts, outbox): checked by default on a device
 * marked shared. Unchecked, it is a plain sign-out, as for everyone else.
 */
export function SignOutButton() {
  const { t } = useTranslation()
  const session = useSession()
  const runtime = useTalkRuntime()
  const me = session.me
  const [open, setOpen] = useState(false)
  const [forget, setForget] = useState(false)
  const [unsent, setUnsent] = useState(0)
  const [busy, setBusy] = useState(false)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const boxRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (open) boxRef.current?.querySelector('input')?.focus()
  }, [open])

  function start() {
    if (!me || !isVerified(me)) return void session.signOut()
    setForget(isSharedDevice())
    setOpen(true)
    // Loaded on demand, like the rest of Work Talk's local-storage code.
    void import('../talk/forget.js')
      .then((m) => m.unsentWorkTalkPosts(me.id))
      .then(setUnsent)
      .catch(() => setUnsent(0))
  }

  function close() {
    setOpen(false)
    requestAnimationFrame(() => buttonRef.current?.focus())
  }

  async function confirm() {
    if (busy || !me) return
    setBusy(true)
    if (forget) {
      try {
        await runtime?.shutdown()
        await (await import('../talk/forget.js')).forgetWorkTalkOnThisDevice(me.id)
      } catch (e) {
        console.warn('Work Talk data could not be deleted from this browser', e)
      }
    }
    await session.signOut()
  }

  return (
    <div className="sign-out" onKeyDown={(e) => e.key === 'Escape' && open && close()}>
      <button ref={buttonRef} type="button" className="button button-quiet" aria-expanded={open} aria-controls={open ? 'sign-out-box' : undefined} onClick={start}>
        {t('header.signOut')}
      </button>
      {open && (
        <div id="sign-out-box" ref={boxRef} className="sign-out-box" role="group" aria-labelledby="sign-out-question">
          <p id="sign-out-question" className="sign-out-question">{t('header.signOutQuestion')}</p>
          <div className="checkbox">
            <input id="sign-out-forget" type="checkbox" checked={forget} aria-describedby="sign-out-forget-hint" onChange={(e) => setForget(e.target.checked)} />
            <label htmlFor="sign-out-forget">{t('header.forgetTalk')}</label>
          </div>
          <p id="sign-out-forget-hint" className="hint">
            {forget ? t('header.forgetHint') : t('header.keepHint')}
          </p>
          {forget && unsent > 0 && <p className="alert alert-error">{t('header.forgetUnsent', { count: unsent })}</p>}
          <div className="save-row">
            <button type="button" className={forget ? 'button button-danger' : 'button button-primary'} aria-disabled={busy} onClick={() => void confirm()}>
              {forget ? t('header.signOutForget') : t('header.signOutNow')}
            </button>
            <button type="button" className="button button-secondary" onClick={close}>
              {t('header.cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  )
}
