import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useTalkRuntime } from '../../../talk/talk-context.js'

/**
 * The images of a post of ours not read back yet, from where this browser keeps them until the
 * post is stored (blob: URLs, never sent anywhere). The thread's next read shows the server's.
 */
export function LocalImages({ refs }: { refs: readonly string[] }) {
  const { t } = useTranslation()
  const runtime = useTalkRuntime()
  const [urls, setUrls] = useState<string[]>([])
  const key = refs.join('\n')
  useEffect(() => {
    if (!runtime || !key) return
    let alive = true
    const made: string[] = []
    void Promise.all(key.split('\n').map((r) => runtime.image(r).catch(() => undefined))).then((blobs) => {
      if (!alive) return
      for (const b of blobs) if (b) made.push(URL.createObjectURL(b))
      setUrls(made)
    })
    return () => {
      alive = false
      for (const u of made) URL.revokeObjectURL(u)
    }
  }, [runtime, key])
  if (!urls.length) return null
  return (
    <ul className={urls.length === 1 ? 'post-images post-images-single post-images-local' : 'post-images post-images-local'}
      aria-label={t('talk.thread.images.list', { count: urls.length })}>
      {urls.map((u, i) => (
        <li key={u}>
          <span className="post-image">
            <img src={u} alt={t('talk.composer.images.thumbAlt', { n: i + 1 })} />
          </span>
        </li>
      ))}
    </ul>
  )
}
