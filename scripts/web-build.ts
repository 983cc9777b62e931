import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')
const WEB = path.join(ROOT, 'web')
const INDEX = path.join(WEB, 'dist', 'index.html')
const SOURCES = [path.join(WEB, 'src'), path.join(WEB, 'public'), path.join(WEB, 'index.html'), path.join(WEB, 'vite.config.ts'), path.join(ROOT, 'shared', 'src')]

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0
  const st = fs.statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  return Math.max(0, ...fs.readdirSync(p).map((e) => newestMtime(path.join(p, e))))
}

/** True when web/dist is missing or older than any web source. */
export function webBuildIsStale(): boolean {
  if (!fs.existsSync(INDEX)) return true
  const built = fs.statSync(INDEX).mtimeMs
  return SOURCES.some((s) => newestMtime(s) > built)
}

/** Builds the web app with Vite when it is missing or stale. */
export async function ensureWebBuilt(log: (msg: string) => void = () => {}): Promise<void> {
  if (!webBuildIsStale()) return
  log('Building the web app…')
  const { build } = await import('vite')
  await build({ configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn' })
}
