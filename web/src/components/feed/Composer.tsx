import { useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { FeedPost } from '../../../../shared/src/api/feed.js'
import { FEED } from '../../../../shared/src/api/limits.js'
import { feedApi } from '../../api/feed.js'
import { Markdown } from '../talk/Markdown.js'
import { feedError } from './feed-error.js'
import { ImageThumb } from './ImageThumb.js'

/** Writing a post: text (Work Talk's Markdown, with a preview), up to FEED.images.perPost images shown before posting. */
export function Composer({ onPosted }: { onPosted(post: FeedPost): void }) {
  const { t } = useTranslation()
  const id = useId()
  const [body, setBody] = useState('')
  const [files, setFiles] = useState<File[]>([])
  const [preview, setPreview] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const fileRef = useRef<HTMLInputElement>(null)

  const addFiles = (list: FileList | null) => {
    if (!list) return
    const picked = [...files, ...Array.from(list)]
    if (picked.length > FEED.images.perPost) setError(t('feed.composer.tooManyImages', { count: FEED.images.perPost }))
    setFiles(picked.slice(0, FEED.images.perPost))
    if (fileRef.current) fileRef.current.value = ''
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    if (!body.trim() && files.length === 0) {
      setError(t('feed.errors.empty_post'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      const imageIds: string[] = []
      for (const f of files) imageIds.push((await feedApi.uploadImage(f)).imageId)
      const post = await feedApi.create(body, imageIds.length ? { imageIds } : {})
      setBody('')
      setFiles([])
      setPreview(false)
      onPosted(post)
    } catch (err) {
      setError(feedError(t, err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card feed-composer" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        {t('feed.composer.title')}
      </h2>
      <label htmlFor={`${id}-body`} className="visually-hidden">
        {t('feed.composer.label')}
      </label>
      {preview ? (
        <div className="feed-preview" aria-live="polite">
          {body.trim() ? <Markdown text={body} /> : <p className="muted">{t('feed.composer.nothingToPreview')}</p>}
        </div>
      ) : (
        <textarea id={`${id}-body`} value={body} maxLength={FEED.bodyLength} rows={3} placeholder={t('feed.composer.placeholder')} onChange={(e) => setBody(e.target.value)} />
      )}
      {files.length > 0 && (
        <ul className="feed-thumbs" aria-label={t('feed.composer.images')}>
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              <ImageThumb file={f} alt={t('feed.composer.imageAlt', { name: f.name })} />
              <button type="button" className="button button-small button-secondary" onClick={() => setFiles(files.filter((_, j) => j !== i))}>
                {t('feed.composer.removeImage', { name: f.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <div className="feed-composer-row">
        <label className="button button-secondary button-small">
          {t('feed.composer.addImages')}
          <input ref={fileRef} type="file" accept={FEED.images.mediaTypes.join(',')} multiple className="visually-hidden" disabled={files.length >= FEED.images.perPost} onChange={(e) => addFiles(e.target.files)} />
        </label>
        <button type="button" className="button button-secondary button-small" aria-pressed={preview} onClick={() => setPreview(!preview)}>
          {preview ? t('feed.composer.write') : t('feed.composer.preview')}
        </button>
        <span className="muted small">{t('feed.composer.chars', { n: body.length, max: FEED.bodyLength })}</span>
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? t('feed.composer.posting') : t('feed.composer.post')}
        </button>
      </div>
    </form>
  )
}
