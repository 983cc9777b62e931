/**
 * What `npm run bench` measures. To benchmark a new endpoint, push a scenario:
 *
 *   scenarios.push({
 *     name: 'GET /api/v1/me',
 *     server: 'watercooler',
 *     // Runs once before the warm-up; returns the requests to repeat (here with a session cookie).
 *     setup: async ({ watercooler }) => {
 *       const res = await fetch(`${watercooler.origin}/api/v1/accounts`, { method: 'POST', … })
 *       return [{ path: '/api/v1/me', headers: { cookie: … } }]
 *     },
 *   })
 *
 * Every response must have `expectStatus` (200 unless set), or the scenario is reported as failed.
 * The table compares each scenario's requests/s with BASELINE's.
 */
import type { Scenario } from './lib.js'

export const BASELINE = 'bare Fastify GET /health'

export const scenarios: Scenario[] = []

scenarios.push({
  name: BASELINE,
  server: 'bare',
  requests: [{ path: '/health' }],
})

scenarios.push({
  name: 'GET /api/v1/health',
  server: 'watercooler',
  requests: [{ path: '/api/v1/health' }],
})
