import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { follow, unfollow, useIsFollowed } from '../../../talk/local/follow.js'
import { muteChannel, muteThread } from '../../../talk/local/mute.js'

/**
 * The "⋯" of a thread in a list: follow or unfollow it, mute it or its channel. Everything here
 * stays in this browser (talk/local/). A disclosure, not an ARIA menu: a button that shows a few
 * more buttons; Escape or a click elsewhere closes it.
 */
export function ThreadActions({ thread, channelLabel }: {
  thread: { id: string; title: string; channel: string; replyCount: number }
  channelLabel: string
}) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const followed = useIsFollowed(thread.id)
  const id = useId()
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const title = thread.title || t('talk.thread.untitled')

  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false)
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      setOpen(false)
      button.current?.focus()
    }
    document.addEventListener('mousedown', onDown)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('mousedown', onDown)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])

  const done = (action: () => void) => () => {
    action()
    setOpen(false)
    button.current?.focus()
  }

  return (
    <div className="thread-actions" ref={root}>
      <button
        ref={button}
        type="button"
        className="thread-actions-button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={t('talk.forum.actions', { title })}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      <div id={id} className="thread-actions-panel" hidden={!open}>
        {followed ? (
          <button type="button" className="button button-quiet" onClick={done(() => unfollow(thread.id))}>{t('talk.forum.unfollow')}</button>
        ) : (
          <button type="button" className="button button-quiet" onClick={done(() => follow(thread.id, { title: thread.title, channel: thread.channel, replyCount: thread.replyCount }))}>
            {t('talk.forum.follow')}
          </button>
        )}
        <button type="button" className="button button-quiet" onClick={done(() => muteThread(thread.id, thread.title))}>{t('talk.forum.muteThread')}</button>
        <button type="button" className="button button-quiet" onClick={done(() => muteChannel(thread.channel))}>{t('talk.forum.muteChannel', { channel: channelLabel })}</button>
      </div>
    </div>
  )
}
