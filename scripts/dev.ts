/**
 * `npm run dev`: the API server restarting on changes (node --watch) and Vite's dev server with hot
 * reload at http://127.0.0.1:5173, which proxies /api to the API server.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
// The browser talks to Vite's origin; the Origin check must accept it.
const env = { ...process.env, PUBLIC_URL: process.env.PUBLIC_URL ?? 'http://127.0.0.1:5173' }

const children = [
  spawn(process.execPath, ['--watch', '--import', 'tsx', 'server/src/bin.ts'], { cwd: root, env, stdio: 'inherit' }),
  spawn(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), '--config', 'web/vite.config.ts', '--host', '127.0.0.1'], {
    cwd: root,
    env,
    stdio: 'inherit',
  }),
]
const stop = () => {
  for (const c of children) c.kill('SIGTERM')
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
for (const c of children) c.on('exit', (code) => {
  if (code) {
    stop()
    process.exitCode = code
  }
})
