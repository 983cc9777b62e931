import type { Static } from '@sinclair/typebox'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ImageView } from '../../../../../shared/src/api/talk.js'

export type PostImage = Static<typeof ImageView>

/**
 * A post's images, from our own origin (the session cookie goes with them; nothing is fetched from
 * elsewhere). Each carries its width and height, so the page does not jump when it arrives, and
 * loads only when scrolled near. A click opens it at full size in a dialog; Escape, the close
 * button or a click beside it closes it again.
 */
export function ImageGallery({ images, label }: { images: readonly PostImage[]; label: string }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<number | null>(null)
  if (!images.length) return null
  const single = images.length === 1
  return (
    <>
      <ul className={single ? 'post-images post-images-single' : 'post-images'} aria-label={t('talk.thread.images.list', { count: images.length })}>
        {images.map((img, i) => (
          <li key={img.id} style={single ? { maxWidth: `${img.width}px` } : undefined}>
            <button type="button" className="post-image" onClick={() => setOpen(i)}
              aria-label={t('talk.thread.images.open', { n: i + 1, count: images.length, label })}>
              <img src={img.url} width={img.width} height={img.height} loading="lazy" decoding="async" alt="" />
            </button>
          </li>
        ))}
      </ul>
      {open !== null && images[open] && (
        <ImageDialog image={images[open]} n={open + 1} count={images.length} label={label} onClose={() => setOpen(null)}
          onStep={images.length > 1 ? (d) => setOpen((open + d + images.length) % images.length) : undefined} />
      )}
    </>
  )
}

function ImageDialog({ image, n, count, label, onClose, onStep }: {
  image: PostImage
  n: number
  count: number
  label: string
  onClose: () => void
  onStep?: ((delta: 1 | -1) => void) | undefined
}) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDialogElement>(null)
  const opener = useRef<Element | null>(null)
  useEffect(() => {
    const dialog = ref.current
    opener.current = document.activeElement
    if (dialog && !dialog.open) dialog.showModal()
    return () => {
      dialog?.close()
      if (opener.current instanceof HTMLElement) opener.current.focus()
    }
  }, [])
  const alt = t('talk.thread.images.alt', { n, count, label })
  return (
    <dialog ref={ref} className="image-dialog" aria-label={alt} onClose={onClose}
      onClick={(e) => e.target === e.currentTarget && onClose()}
      onKeyDown={(e) => {
        if (!onStep) return
        if (e.key === 'ArrowRight') onStep(1)
        if (e.key === 'ArrowLeft') onStep(-1)
      }}>
      <div className="image-dialog-bar">
        <span className="muted small">{t('talk.thread.images.position', { n, count })}</span>
        {onStep && (
          <>
            <button type="button" className="button button-quiet" onClick={() => onStep(-1)}>{t('talk.thread.images.previous')}</button>
            <button type="button" className="button button-quiet" onClick={() => onStep(1)}>{t('talk.thread.images.next')}</button>
          </>
        )}
        <a className="button button-quiet" href={image.url} target="_blank" rel="noopener">{t('talk.thread.images.original')}</a>
        <button type="button" className="button button-secondary" onClick={onClose} autoFocus>{t('talk.thread.images.close')}</button>
      </div>
      <img src={image.url} width={image.width} height={image.height} alt={alt} className="image-dialog-img" />
    </dialog>
  )
}
