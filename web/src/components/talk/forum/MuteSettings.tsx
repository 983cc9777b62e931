import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { TalkChannel } from '../../../../../shared/src/api/talk.js'
import {
  MAX_KEYWORD_LENGTH,
  muteChannel,
  muteKeyword,
  unmuteChannel,
  unmuteKeyword,
  unmuteThread,
  useMutes,
} from '../../../talk/local/mute.js'

/**
 * The muting settings of the list page: muted words (added here), channels (picked here) and
 * threads (muted from a thread's "⋯"), each removable. Kept in this browser only.
 */
export function MuteSettings({ id, channels, channelLabel, onClose }: {
  id: string
  channels: readonly TalkChannel[]
  channelLabel: (slug: string) => string
  onClose: () => void
}) {
  const { t } = useTranslation()
  const m = useMutes()
  const [word, setWord] = useState('')
  const [invalid, setInvalid] = useState(false)
  const [pick, setPick] = useState('')
  const threads = Object.entries(m.threads).sort((a, b) => b[1].at - a[1].at)
  const choosable = channels.filter((c) => !m.channels.includes(c.slug))

  function addWord(e: FormEvent) {
    e.preventDefault()
    const ok = muteKeyword(word)
    setInvalid(!ok)
    if (ok) setWord('')
  }
  function addChannel(e: FormEvent) {
    e.preventDefault()
    if (pick) muteChannel(pick)
    setPick('')
  }

  return (
    <section id={id} className="card mute-settings" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('talk.forum.mute.title')}</h2>
      <p className="muted small">{t('talk.forum.mute.intro')}</p>

      <h3 className="small-heading">{t('talk.forum.mute.keywords')}</h3>
      <Chips items={m.keywords.map((k) => ({ key: k, label: k, remove: () => unmuteKeyword(k) }))} />
      <form className="inline-add" onSubmit={addWord} noValidate>
        <div className="field">
          <label htmlFor={`${id}-word`}>{t('talk.forum.mute.keywordLabel')}</label>
          <input
            id={`${id}-word`}
            type="text"
            value={word}
            maxLength={MAX_KEYWORD_LENGTH}
            aria-invalid={invalid || undefined}
            aria-describedby={`${id}-word-hint`}
            onChange={(e) => {
              setWord(e.target.value)
              setInvalid(false)
            }}
          />
          <p id={`${id}-word-hint`} className={invalid ? 'field-error' : 'hint'}>
            {invalid ? t('talk.forum.mute.keywordInvalid', { max: MAX_KEYWORD_LENGTH }) : t('talk.forum.mute.keywordHint', { max: MAX_KEYWORD_LENGTH })}
          </p>
        </div>
        <button type="submit" className="button button-secondary">{t('talk.forum.mute.add')}</button>
      </form>

      <h3 className="small-heading">{t('talk.forum.mute.channels')}</h3>
      <Chips items={m.channels.map((c) => ({ key: c, label: channelLabel(c), remove: () => unmuteChannel(c) }))} />
      {choosable.length > 0 && (
        <form className="inline-add" onSubmit={addChannel}>
          <div className="field">
            <label htmlFor={`${id}-channel`}>{t('talk.forum.mute.channelLabel')}</label>
            <select id={`${id}-channel`} value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">{t('talk.forum.mute.channelPick')}</option>
              {choosable.map((c) => (
                <option key={c.slug} value={c.slug}>{channelLabel(c.slug)}</option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-secondary" aria-disabled={!pick}>{t('talk.forum.mute.add')}</button>
        </form>
      )}

      <h3 className="small-heading">{t('talk.forum.mute.threads')}</h3>
      <Chips items={threads.map(([tid, v]) => ({ key: tid, label: v.title || t('talk.forum.mute.untitled'), remove: () => unmuteThread(tid) }))} />

      <div className="actions">
        <button type="button" className="button button-quiet" onClick={onClose}>{t('talk.forum.mute.close')}</button>
      </div>
    </section>
  )
}

function Chips({ items }: { items: { key: string; label: string; remove: () => void }[] }) {
  const { t } = useTranslation()
  if (!items.length) return <p className="muted small">{t('talk.forum.mute.none')}</p>
  return (
    <ul className="chips mute-chips">
      {items.map((i) => (
        <li key={i.key} className="chip">
          <span>{i.label}</span>
          <button type="button" className="chip-remove" aria-label={t('talk.forum.mute.remove', { name: i.label })} onClick={i.remove}>
            <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
    </ul>
  )
}
