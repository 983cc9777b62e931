import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureWebBuilt } from '../../scripts/web-build.js'
import type { RawEnv } from '../../server/src/config.js'
import { buildTestApp, type TestApp } from './app.js'
import { freePort } from './net.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const ARTIFACTS_DIR = path.join(ROOT, 'test-results')
export const CHROMIUM = '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * null when the browser tests can run. Without Chromium they are skipped with a loud message,
 * except under CI=true, where a missing browser fails the run.
 */
export function browserUnavailable(): string | null {
  if (fs.existsSync(CHROMIUM)) return null
  const message = `Chromium is missing at ${CHROMIUM}: BROWSER TESTS NOT RUN. Install it with \`apt-get install chromium\`.`
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: this is a failure)`)
  process.stderr.write(`\n${'!'.repeat(78)}\n!! ${message}\n${'!'.repeat(78)}\n\n`)
  return message
}



/** The whole site (web app and API, fresh database) on 127.0.0.1 at a free port. */
export async function startTestServer(opts: { env?: RawEnv } = {}): Promise<{ url: string; app: TestApp; close(): Promise<void> }> {
  await ensureWebBuilt()
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true })
  const port = await freePort()
  const app = await buildTestApp({ port, ...(opts.env && { env: opts.env }) })
  await app.app.listen({ port, host: '127.0.0.1' })
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() }
}
