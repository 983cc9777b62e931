import type { TFunction } from 'i18next'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router-dom'
import { formatClockTime, formatMomentTime } from '../../lib/clock-time.js'
import type { OutboxItem } from '../../talk/outbox.js'
import { useTalkRuntime, useTalkState } from '../../talk/talk-context.js'
import { ConfirmBox } from '../ConfirmBox.js'
import { moderationReason } from './thread/moderation-text.js'

const PUBLISHING = { thread: 'talk.outbox.publishing', reply: 'talk.outbox.publishing', edit: 'talk.outbox.publishingEdit', delete: 'talk.outbox.publishingDelete' } as const
const STORED = { thread: 'talk.outbox.stored', reply: 'talk.outbox.stored', edit: 'talk.outbox.storedEdit', delete: 'talk.outbox.storedDelete' } as const

/** The line saying where an item of the outbox is: "Publishing at about 14:05", "Waiting for a moderator"… */
export function outboxLine(t: TFunction, lang: string, item: OutboxItem, paused: boolean): string {
  const time = (ms: number) => formatClockTime(ms, lang)
  switch (item.state) {
    case 'waiting':
      if (paused) return t('talk.outbox.paused')
      if (item.wait === 'age') return t('talk.outbox.age', { time: time(item.sendAt) })
      if (item.wait === 'hold') return t('talk.outbox.hold', { time: formatMomentTime(item.sendAt, lang) })
      if (item.wait === 'scheduled') return t('talk.outbox.scheduled', { time: time(item.sendAt) })
      if (item.wait === 'tokens') return t('talk.outbox.tokens')
      if (item.wait === 'respend') return t('talk.outbox.respend', { time: time(item.sendAt) })
      return t(PUBLISHING[item.kind])
    case 'sending':
    case 'accepted':
      return t(PUBLISHING[item.kind])
    case 'held':
      // An automated check held it (the server named the rule): say which, in words.
      return item.heldRule ? t('talk.moderation.ownHeldOutbox', { reason: moderationReason(t, item.heldRule) }) : t('talk.outbox.held')
    case 'stored':
      return t(STORED[item.kind])
    case 'failed': {
      const reason = t(`errors.${(item.error ?? 'generic') as 'generic'}`, { defaultValue: t('errors.generic') })
      return item.kind === 'delete' ? t('talk.outbox.failedDelete', { reason }) : t('talk.outbox.failed', { reason })
    }
  }
}

/**
 * An outbox item's status as a polite live region, with what can still be done: publish a
 * scheduled post now; publish sooner a post waiting for its tokens to age or held apart from a
 * draw (after a plain warning); publish later (safer) a post waiting for its fresh tokens to age
 * (the long hold instead); take back a post not sent yet (its text goes back into the composer);
 * dismiss a failure.
 */
export function OutboxStatus({ item }: { item: OutboxItem }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const runtime = useTalkRuntime()
  const { paused } = useTalkState()
  const navigate = useNavigate()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const id = `outbox-${item.id}`
  const unsent = item.state === 'waiting' && !item.request && !paused

  async function run(action: () => Promise<unknown>) {
    if (busy) return
    setBusy(true)
    try {
      await action()
    } finally {
      setBusy(false)
      setConfirming(false)
    }
  }
  const cancel = () =>
    run(async () => {
      const p = await runtime?.cancel(item.id)
      if (p) navigate(p.kind === 'thread' ? '/talk/new' : `/talk/t/${p.threadId}#reply`)
    })

  return (
    <div className="outbox-status">
      <p role="status" className={`outbox-line outbox-${item.state}`}>
        <span className="publishing-dot" aria-hidden="true" />
        {outboxLine(t, lang, item, !!paused)}
      </p>
      {item.state === 'waiting' && item.wait === 'age' && !paused && <p className="hint">{t('talk.outbox.ageWhy')}</p>}
      {item.state === 'waiting' && item.wait === 'hold' && !paused && <p className="hint">{t('talk.outbox.holdWhy')}</p>}
      {item.state === 'failed' && item.kind !== 'delete' && <p className="hint">{t('talk.outbox.textBack')}</p>}
      {item.state === 'held' && item.heldRule && <p className="hint">{t('talk.moderation.ownHeldOutboxHint')}</p>}
      {unsent && !confirming && (
        <div className="save-row">
          {item.wait === 'age' && (
            <button type="button" className="button button-secondary" aria-disabled={busy} onClick={() => void run(() => runtime!.sendLater(item.id))}>
              {t('talk.outbox.later')}
            </button>
          )}
          {item.wait === 'age' || item.wait === 'hold' ? (
            <button type="button" className="button button-secondary" aria-disabled={busy} onClick={() => setConfirming(true)}>
              {t('talk.outbox.sooner')}
            </button>
          ) : item.wait === 'scheduled' ? (
            <button type="button" className="button button-secondary" aria-disabled={busy} onClick={() => void run(() => runtime!.sendNow(item.id))}>
              {t('talk.outbox.now')}
            </button>
          ) : null}
          <button type="button" className="button button-quiet" aria-disabled={busy} onClick={() => void cancel()}>
            {t('talk.outbox.cancel')}
          </button>
        </div>
      )}
      {confirming && (
        <ConfirmBox id={`${id}-sooner`} question={t('talk.outbox.soonerWarning')} confirmLabel={t('talk.outbox.soonerConfirm')}
          busy={busy} cancelLabel={t('talk.outbox.soonerCancel')} onCancel={() => setConfirming(false)}
          onConfirm={() => void run(() => runtime!.sendNow(item.id, true))} />
      )}
      {item.state === 'failed' && (
        <button type="button" className="button button-quiet" onClick={() => void runtime?.dismiss(item.id)}>
          {t('talk.outbox.dismiss')}
        </button>
      )}
    </div>
  )
}
