import { useTranslation } from 'react-i18next'

/**
 * "3 new threads": threads that came in on the live stream (or a poll) while the list was open.
 * It floats over the list — a zero-height sticky anchor — so its coming never moves what the
 * member is reading; the threads join the list only when it is clicked.
 */
export function NewPill({ count, busy, onShow }: { count: number; busy: boolean; onShow: () => void }) {
  const { t } = useTranslation()
  return (
    <div className="new-pill-anchor" aria-live="polite">
      {count > 0 && (
        <button type="button" className="new-pill" aria-disabled={busy} title={t('talk.forum.newPillHint')} onClick={() => !busy && onShow()}>
          <span aria-hidden="true">↑ </span>
          {t('talk.forum.newPill', { count })}
        </button>
      )}
    </div>
  )
}
