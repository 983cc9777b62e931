import { useTranslation } from 'react-i18next'
import { formatBytes } from '../lib/bytes.js'
import { useObjectUrl } from '../lib/use-object-url.js'

/**
 * A picked image file shown back before it is sent (a blob: URL, which the CSP allows), with a
 * caption built from its name and size.
 */
export function ImagePreview({ file, alt, caption, className = '' }: { file: File; alt: string; caption: (name: string, size: string) => string; className?: string }) {
  const { i18n } = useTranslation()
  const url = useObjectUrl(file)
  if (!url) return null
  return (
    <figure className={`photo-preview ${className}`.trim()}>
      <img src={url} alt={alt} />
      <figcaption className="muted">{caption(file.name, formatBytes(file.size, i18n.resolvedLanguage ?? 'en'))}</figcaption>
    </figure>
  )
}
