import type { FastifyInstance } from 'fastify'

/** A route as `METHOD /path` (the pattern as registered). */
export type RouteName = string

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']
const SAMPLE_PARAMS: Record<string, string> = { id: '00000000-0000-4000-8000-000000000000', postId: '00000000-0000-4000-8000-000000000000' }

/** Every route of the app's route table, with the kind its config gives it. */
export function routesOf(app: FastifyInstance): { name: RouteName; method: string; url: string; kind: 'public' | 'anonymous' | 'session' }[] {
  return app.routeTable.flatMap((r) =>
    [r.method]
      .flat()
      .filter((m) => METHODS.includes(m))
      .map((method) => {
        const config = (r.config ?? {}) as { public?: boolean; anonymous?: boolean }
        const kind = config.anonymous ? ('anonymous' as const) : config.public ? ('public' as const) : ('session' as const)
        return { name: `${method} ${r.url}`, method, url: r.url, kind }
      }),
  )
}

/**
 * DESIGN §8's default-deny, checked from outside: every route that does not say it is public
 * (or anonymous) is called without a session, with whatever body and parameters, and must answer
 * 401 unauthenticated. Returns the routes that answered anything else.
 */
export async function unguardedRoutes(app: FastifyInstance): Promise<RouteName[]> {
  const bad: RouteName[] = []
  for (const r of routesOf(app)) {
    if (r.kind !== 'session') continue
    const url = r.url.replace(/:(\w+)/g, (_m, p: string) => SAMPLE_PARAMS[p] ?? 'x').replace(/\*$/, 'x')
    const res = await app.inject({
      method: r.method as 'GET',
      url,
      ...(r.method !== 'GET' && { headers: { 'content-type': 'application/json' }, payload: '{}' }),
    })
    if (res.statusCode !== 401 || res.json().code !== 'unauthenticated') bad.push(`${r.name} → ${res.statusCode}`)
  }
  return bad
}
