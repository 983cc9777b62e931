import { buildApp } from './app.js'
import { startMetricsServer } from './http/metrics.js'
import { anonymityWarnings } from './config.js'
import { createAppContext } from './context.js'
import { migrateToLatest } from './db/migrate.js'
import { isEmpty, seedDemo } from './demo/seed.js'
import { startMaintenance } from './services/maintenance.js'
import { configureAndLock } from './startup.js'

/** Starts Watercooler: config → lock → database → migrations → demo data → listen. */
export async function main(): Promise<void> {
  const { config, unlock } = configureAndLock(fail)
  for (const w of anonymityWarnings(config)) console.warn(`watercooler: WARNING, anonymity weakened: ${w}`)

  const ctx = await createAppContext(config)
  await migrateToLatest(ctx.db)
  if (config.demoData && (await isEmpty(ctx))) {
    const demo = await seedDemo(ctx)
    console.log(
      `Loaded demo data. Sign in as ${demo.emails[0]} (or ${demo.emails.length - 1} others), or as the admin ${demo.reviewerEmail}, with the password "${demo.password}".`,
    )
  }

  const app = await buildApp(ctx)
  const stopMaintenance = startMaintenance(ctx, (err) => app.log.error({ err }, 'maintenance failed'))
  let closing = false
  let stopMetrics = async () => {}
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    await stopMaintenance()
    await stopMetrics()
    await app.close()
    await ctx.close()
    unlock()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  await app.listen({ port: config.port, host: config.host })
  if (app.metrics && config.metricsPort !== null) {
    stopMetrics = await startMetricsServer(app.metrics, config.metricsPort, config.host)
    console.log(`Prometheus metrics at http://${config.host}:${config.metricsPort}/metrics`)
  }
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}/db`
  console.log(`Watercooler is running at ${config.publicUrl.origin}/ (database: ${where})`)
}

function fail(message: string): never {
  console.error(`watercooler: ${message}`)
  process.exit(1)
}
