/**
 * `npm start`: builds the web app when it is missing or older than its sources, then starts the server.
 */
import { main } from '../server/src/server.js'
import { ensureWebBuilt } from './web-build.js'

await ensureWebBuilt((msg) => console.log(msg))
await main()
