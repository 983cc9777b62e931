import { useEffect, useState } from 'react'

/** A blob: URL for a picked file or stored image while the component shows it (the CSP allows blob:), revoked after. */
export function useObjectUrl(blob: Blob): string | null {
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    const u = URL.createObjectURL(blob)
    setUrl(u)
    return () => URL.revokeObjectURL(u)
  }, [blob])
  return url
}
