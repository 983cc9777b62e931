import { useTranslation } from 'react-i18next'

/**
 * "3 new replies": replies stored since the thread was read, heard on the live stream. They are
 * not put into the page as they come (the text under the reader's eyes would move); the pill
 * floats over the page's bottom edge, takes no room in it, and shows them when asked.
 */
export function NewRepliesPill({ count, busy, onShow }: { count: number; busy: boolean; onShow: () => void }) {
  const { t } = useTranslation()
  return (
    <div className="new-replies" aria-live="polite">
      {count > 0 && (
        <button type="button" className="button button-primary new-replies-pill" aria-disabled={busy} onClick={() => !busy && onShow()}>
          {busy ? t('talk.thread.newRepliesLoading') : t('talk.thread.newReplies', { count })}
        </button>
      )}
    </div>
  )
}
