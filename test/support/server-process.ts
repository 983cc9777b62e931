import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'

/**
 * Starts a real server process (server/src/bin.ts, as `npm start` runs it) with `env` on top of
 * this process's environment (a key set to undefined is removed), and resolves once it says it is
 * running; rejects if it exits first. Its stderr goes to the test's.
 */
export async function startServerProcess(env: Record<string, string | undefined>): Promise<ChildProcess> {
  const merged: NodeJS.ProcessEnv = { ...process.env }
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k]
    else merged[k] = v
  }
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('server/src/bin.ts')], { env: merged, stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('is running') && resolve())
    child.once('exit', (code) => reject(new Error(`the server process exited with ${code} before it was running`)))
  })
  return child
}
