import fs from 'node:fs'
import path from 'node:path'

/**
 * Two processes can open one PGlite directory without error, and the second one's writes are
 * then silently lost. So the embedded mode takes an exclusive lock on DATA_DIR first.
 */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError'
}

export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, 'watercooler.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' })
      return () => fs.rmSync(file, { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const pid = Number(fs.readFileSync(file, 'utf8').trim())
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new DataDirLockedError(
          `DATA_DIR ${dataDir} is in use by another Watercooler process (pid ${pid}). ` +
            'The embedded database allows one process only: stop the other one, or point DATA_DIR elsewhere.',
        )
      }
      fs.rmSync(file, { force: true }) // left behind by a process that died
    }
  }
  throw new DataDirLockedError(`could not lock DATA_DIR ${dataDir}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
