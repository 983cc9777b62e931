import { useObjectUrl } from '../../lib/use-object-url.js'

/** A picked file, shown before it is uploaded. */
export function ImageThumb({ file, alt }: { file: File; alt: string }) {
  const url = useObjectUrl(file)
  return url ? <img src={url} alt={alt} className="feed-thumb" /> : null
}
