import http from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

/**
 * Prometheus metrics (issue 12, DESIGN §6 METRICS_PORT). Labels are the route's pattern
 * (`/api/v1/users/:handle`, never the address asked for), the method and the status: nothing that
 * could name a person. The anonymous scope's routes (DESIGN §8) are not counted at all: a
 * request counter scraped every few seconds would keep the arrival time of each anonymous write,
 * which the mixing window exists to blur, in the operator's time series. Its work shows only as
 * the process's own figures (CPU, memory, event loop).
 */
export interface Metrics {
  registry: Registry
  /** The exposition text, as `/metrics` answers it. */
  text(): Promise<string>
}

/** Histogram buckets for request durations, in seconds (the targets are p99 ≤ 50 ms). */
const DURATION_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10]

export function registerMetrics(app: FastifyInstance, openConnections: () => number): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'watercooler_' })
  const requests = new Counter({ name: 'watercooler_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status', labelNames: ['route', 'method', 'status'], registers: [registry] })
  const duration = new Histogram({
    name: 'watercooler_http_request_duration_seconds',
    help: 'Time to answer, by route pattern and method',
    labelNames: ['route', 'method'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  })
  new Gauge({
    name: 'watercooler_db_connections_open',
    help: 'Database connections open now',
    registers: [registry],
    collect() {
      this.set(openConnections())
    },
  })

  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    const config = req.routeOptions.config as { anonymous?: boolean } | undefined
    if (config?.anonymous) return
    // The pattern when a route matched; one label for everything else (no address ever).
    const route = req.routeOptions.url ?? '(unmatched)'
    const method = req.method
    requests.inc({ route, method, status: String(reply.statusCode) })
    duration.observe({ route, method }, reply.elapsedTime / 1000)
  })
  return { registry, text: () => registry.metrics() }
}

/** `/metrics` on its own port (METRICS_PORT) and host: not on the public port, so a proxy need not hide it. */
export async function startMetricsServer(metrics: Metrics, port: number, host: string): Promise<() => Promise<void>> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
      return
    }
    metrics.text().then(
      (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  return () => new Promise<void>((resolve) => server.close(() => resolve()))
}
