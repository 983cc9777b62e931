import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatBytes } from '../lib/bytes.js'

/**
 * A picked image file shown back before it is sent (a blob: URL, which the CSP allows), with a
 * caption built from its name and size.
 */
export function ImagePreview({ file, alt, caption, className = '' }: { file: File; alt: string; caption: (name: string, size: string) => string; className?: string }) {
  const { i18n } = useTranslation()
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    const u = URL.createObjectURL(file)
    setUrl(u)
    return () => URL.revokeObjectURL(u)
  }, [file])
  if (!url) return null
  return (
    <figure className={`photo-preview ${className}`.trim()}>
      <img src={url} alt={alt} />
      <figcaption className="muted">{caption(file.name, formatBytes(file.size, i18n.resolvedLanguage ?? 'en'))}</figcaption>
    </figure>
  )
}
