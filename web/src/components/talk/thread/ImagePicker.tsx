import { useEffect, useRef, useState, type ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { TALK_FORUM } from '../../../../../shared/src/api/limits.js'
import { formatBytes } from '../../../lib/bytes.js'
import { useObjectUrl } from '../../../lib/use-object-url.js'
import { checkImages, type ImageProblem } from './image-checks.js'

const { perPost, maxBytes } = TALK_FORUM.images

/**
 * Images for a post: up to four JPEG, PNG or WebP files of at most 8 MB, checked here (by their
 * bytes, not their names) before the post is queued, shown back as thumbnails with Remove. The
 * server decodes and encodes every image again, so what it stores and serves carries no EXIF, GPS
 * or XMP data — but what is in the picture itself stays, which the hint says.
 */
export function ImagePicker({ id, images, onAdd, onRemove, error }: {
  id: string
  /** Picked here, or given back with a refused post's draft (plain Blobs then). */
  images: Blob[]
  onAdd: (files: File[]) => void
  onRemove: (index: number) => void
  /** A server refusal about the images (`/imageIds`), shown with the picker's own problems. */
  error?: string | undefined
}) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const [problems, setProblems] = useState<string[]>([])
  const inputRef = useRef<HTMLInputElement>(null)
  const full = images.length >= perPost

  // The post went out (the composer emptied the list): nothing picked earlier is wrong any more.
  useEffect(() => {
    if (!images.length) setProblems([])
  }, [images.length])

  function describe(p: ImageProblem): string {
    switch (p.code) {
      case 'size':
        return t('talk.composer.images.tooLarge', { name: p.name, size: formatBytes(p.bytes, lang), max: formatBytes(maxBytes, lang) })
      case 'type':
        return t('talk.composer.images.badType', { name: p.name })
      case 'count':
        return t('talk.composer.images.tooMany', { max: perPost, count: p.dropped })
      case 'unreadable':
        return t('talk.composer.images.unreadable', { name: p.name })
    }
  }

  async function pick(e: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(e.target.files ?? [])
    e.target.value = ''
    if (!files.length) return
    const { ok, problems: found } = await checkImages(files, images.length)
    setProblems(found.map(describe))
    if (ok.length) onAdd(ok)
  }

  function remove(i: number) {
    onRemove(i)
    setProblems([])
    requestAnimationFrame(() => inputRef.current?.focus())
  }

  const messages = [...(error ? [error] : []), ...problems]
  return (
    <div className="image-picker">
      <div className="image-picker-row">
        <input ref={inputRef} id={`${id}-images`} type="file" className="visually-hidden image-input" multiple disabled={full}
          accept={TALK_FORUM.images.mediaTypes.join(',')} aria-describedby={`${id}-images-hint${messages.length ? ` ${id}-images-error` : ''}`}
          aria-invalid={messages.length ? true : undefined} onChange={(e) => void pick(e)} />
        <label htmlFor={`${id}-images`} className={full ? 'button button-secondary image-add image-add-full' : 'button button-secondary image-add'}>
          {t('talk.composer.images.add', { count: images.length, max: perPost })}
        </label>
        <p id={`${id}-images-hint`} className="hint image-hint">{t('talk.composer.images.hint', { max: perPost, size: formatBytes(maxBytes, lang) })}</p>
      </div>
      {messages.length > 0 && (
        <div id={`${id}-images-error`} className="field-error" role="alert">
          {messages.map((m) => <p key={m}>{m}</p>)}
        </div>
      )}
      {images.length > 0 && (
        <ul className="image-thumbs" aria-label={t('talk.composer.images.picked')}>
          {images.map((f, i) => (
            <Thumb key={keyOf(f, i)} file={f} n={i + 1} onRemove={() => remove(i)} />
          ))}
        </ul>
      )}
    </div>
  )
}

const keys = new WeakMap<Blob, string>()
/** A stable key per picked image (the same photo may be picked twice). */
function keyOf(b: Blob, i: number): string {
  let k = keys.get(b)
  if (!k) keys.set(b, (k = `${i}-${crypto.randomUUID()}`))
  return k
}

function Thumb({ file, n, onRemove }: { file: Blob; n: number; onRemove: () => void }) {
  const { t, i18n } = useTranslation()
  const url = useObjectUrl(file)
  return (
    <li className="image-thumb">
      {url && <img src={url} alt={t('talk.composer.images.thumbAlt', { n })} />}
      <span className="image-thumb-size muted small">{formatBytes(file.size, i18n.resolvedLanguage ?? 'en')}</span>
      <button type="button" className="button button-quiet image-remove" onClick={onRemove} aria-label={t('talk.composer.images.remove', { n })}>
        ✕
      </button>
    </li>
  )
}
