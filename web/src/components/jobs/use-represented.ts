import { useEffect, useState } from 'react'
import { api } from '../../api/client.js'
import { useSession } from '../../session/session-context.js'

/** One look per minute is plenty: every jobs page asks, and being made a representative is rare. */
const CACHE_MS = 60_000
const cache = new Map<string, { at: number; promise: Promise<Represented[]> }>()

function lookUp(handle: string, slugs: string[], key: string): Promise<Represented[]> {
  const hit = cache.get(key)
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.promise
  const promise = Promise.all(slugs.map((slug) => api.company(slug).catch(() => null))).then((companies) =>
    companies.flatMap((c) => (c && c.representatives.some((r) => r.handle === handle) ? [{ slug: c.slug, name: c.name, hasLogo: c.hasLogo }] : [])),
  )
  cache.set(key, { at: Date.now(), promise })
  return promise
}

export interface Represented {
  slug: string
  name: string
  hasLogo: boolean
}

/**
 * The companies the signed-in member represents: among their current employments, those whose
 * company lists them as a representative (the Company API's `representatives`). null while it is
 * being found out. A representative is always a current employee, so no other company can qualify.
 */
export function useRepresented(): Represented[] | null {
  const { me } = useSession()
  const [found, setFound] = useState<{ key: string; companies: Represented[] } | null>(null)
  const current = me?.employments.filter((e) => e.status === 'current') ?? []
  const key = `${me?.handle ?? ''}|${current.map((e) => e.company.slug).join(',')}`

  useEffect(() => {
    if (!me) return
    let live = true
    const slugs = [...new Set(current.map((e) => e.company.slug))]
    void lookUp(me.handle, slugs, key).then((companies) => live && setFound({ key, companies }))
    return () => {
      live = false
    }
  }, [key])

  return found && found.key === key ? found.companies : null
}
