import { useTranslation } from 'react-i18next'
import type { TalkChannel } from '../../../../../shared/src/api/talk.js'
import { channelName } from '../../../talk/channels.js'

/**
 * The channels as one row of chips (scrolling sideways on a phone rather than wrapping into a wall):
 * all threads, the open channel, the topic channels in the reader's language, then the reader's
 * company boards — a board that is not open yet is there too, marked, and explains itself when
 * chosen. `value` '' is "all" (every channel but the boards).
 */
export function ChannelNav({ channels, value, onChange }: {
  channels: readonly TalkChannel[]
  value: string
  onChange: (slug: string) => void
}) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const open = channels.filter((c) => c.kind !== 'board' && (!c.archived || c.slug === value))
  const boards = channels.filter((c) => c.kind === 'board')
  const chip = (slug: string, label: string, extra = '', title?: string, board = false) => (
    <li key={slug || '*'}>
      <button
        type="button"
        className={`channel-chip${extra}`}
        aria-pressed={value === slug}
        title={title}
        onClick={() => onChange(slug)}
      >
        {board && (
          <svg className="channel-chip-lock" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
            <path d="M5 7V5a3 3 0 0 1 6 0v2h.5A1.5 1.5 0 0 1 13 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 3 13.5v-5A1.5 1.5 0 0 1 4.5 7H5Zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2Z" fill="currentColor" />
          </svg>
        )}
        {label}
      </button>
    </li>
  )
  return (
    <nav className="channel-nav" aria-label={t('talk.forum.channelsLabel')}>
      <ul className="channel-chips">
        {chip('', t('talk.forum.all'))}
        {open.map((c) => chip(c.slug, c.archived ? t('talk.forum.archived', { name: channelName(c, lang) }) : channelName(c, lang), c.kind === 'open' ? ' channel-chip-open' : ''))}
        {boards.map((c) => {
          const company = channelName(c, lang)
          const closed = c.board !== null && !c.board.available
          return chip(
            c.slug,
            t('talk.forum.board', { company }),
            closed ? ' channel-chip-board channel-chip-closed' : ' channel-chip-board',
            closed ? t('talk.forum.boardClosed', { company }) : undefined,
            true,
          )
        })}
      </ul>
    </nav>
  )
}
