/**
 * `npm run seed -- --posts N [--seed S] [--force]`: fills the configured database (DATABASE_URL,
 * else the embedded PGlite in DATA_DIR, read from the environment as the server reads it) with
 * realistic data in proportion to N Work Talk posts (scripts/seed-data.ts), for benchmarks.
 * Refuses a database that already has accounts or Work Talk threads unless --force is given.
 */
import { parseArgs } from 'node:util'
import type { Config } from '../server/src/config.js'
import { type AppContext, createAppContext } from '../server/src/context.js'
import { migrateToLatest } from '../server/src/db/migrate.js'
import { configureAndLock } from '../server/src/startup.js'
import { seedDatabase } from './seed-data.js'

const USAGE = 'usage: npm run seed -- --posts N [--seed S] [--force]'

function fail(message: string): never {
  console.error(`seed: ${message}`)
  process.exit(1)
}

function positiveInteger(name: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) fail(`--${name} must be a positive integer\n${USAGE}`)
  return Number(value)
}

async function main(): Promise<void> {
  let args
  try {
    args = parseArgs({ options: { posts: { type: 'string' }, seed: { type: 'string', default: '1' }, force: { type: 'boolean', default: false } }, strict: true }).values
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`)
  }
  const posts = positiveInteger('posts', args.posts)
  const seed = positiveInteger('seed', args.seed)

  const { config, unlock } = configureAndLock(fail)
  const ctx = await createAppContext(config)
  let refusal: string | null = null
  try {
    await migrateToLatest(ctx.db)
    const account = await ctx.db.selectFrom('account').select('id').limit(1).executeTakeFirst()
    const thread = await ctx.db.selectFrom('talkThread').select('id').limit(1).executeTakeFirst()
    if ((account || thread) && !args.force) {
      refusal = `the database already has ${account ? 'accounts' : 'Work Talk threads'} (seeded data or real data); refusing to add to it. Use a fresh database, or pass --force to seed anyway (the same --seed twice into one database fails on its unique keys).`
    } else {
      await report(ctx, config, posts, seed)
    }
  } finally {
    await ctx.close()
    unlock()
  }
  if (refusal) fail(refusal)
}

/** Seeds and prints each table's count and the time it took. */
async function report(ctx: AppContext, config: Config, posts: number, seed: number): Promise<void> {
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}/db`
  console.log(`seeding ${posts} Work Talk posts (seed ${seed}) into ${where}…`)
  const started = performance.now()
  const counts = await seedDatabase(ctx, { posts, seed, log: (line) => console.log(`  ${line}`) })
  const seconds = (performance.now() - started) / 1000
  for (const [table, n] of Object.entries(counts)) console.log(`${table.padEnd(14)} ${n}`)
  console.log(`done in ${seconds.toFixed(1)} s`)
}

await main()
