/**
 * `npm start`: builds the web app when it has not been built, then starts the server.
 */
import fs from 'node:fs'
import path from 'node:path'
import { WEB_DIST } from '../server/src/http/web-app.js'
import { main } from '../server/src/server.js'

if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
  console.log('Building the web app (first start only)…')
  const { build } = await import('vite')
  await build({ configFile: path.resolve(import.meta.dirname, '../web/vite.config.ts'), logLevel: 'warn' })
}
await main()
