import fs from 'node:fs'
import path from 'node:path'

/**
 * Two processes can open one PGlite directory without error, and the second one's writes are
 * then silently lost. So the embedded mode takes an exclusive lock on DATA_DIR first.
 */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError'
}

/**
 * Who holds the lock: the process id, and which process had that id — the boot and the process's
 * start time, from /proc. A PID alone is not enough: after `kill -9` in a container the next
 * start is PID 1 again, and took the lock of the dead PID 1 for a live owner, so the embedded
 * database never started there again (issue 12). `started` is null where /proc is missing (then
 * a live PID counts as the owner).
 */
interface LockOwner {
  pid: number
  started: string | null
}

export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, 'watercooler.lock')
  const me: LockOwner = { pid: process.pid, started: startOf(process.pid) }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' })
      return () => fs.rmSync(file, { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = readOwner(file)
      if (owner && isLive(owner)) {
        throw new DataDirLockedError(
          `DATA_DIR ${dataDir} is in use by another Watercooler process (pid ${owner.pid}). ` +
            'The embedded database allows one process only: stop the other one, or point DATA_DIR elsewhere.',
        )
      }
      fs.rmSync(file, { force: true }) // left behind by a process that died
    }
  }
  throw new DataDirLockedError(`could not lock DATA_DIR ${dataDir}`)
}

/** The lock file's owner: JSON, or the bare PID earlier versions wrote; null when unreadable. */
function readOwner(file: string): LockOwner | null {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8').trim()
  } catch {
    return null
  }
  if (/^\d+$/.test(text)) return { pid: Number(text), started: null }
  try {
    const o = JSON.parse(text) as Partial<LockOwner>
    return Number.isInteger(o.pid) && o.pid! > 0 ? { pid: o.pid!, started: typeof o.started === 'string' ? o.started : null } : null
  } catch {
    return null
  }
}

function isLive(owner: LockOwner): boolean {
  if (!isAlive(owner.pid)) return false
  if (owner.started === null) return true
  const now = startOf(owner.pid)
  // A live PID that began at another moment (or in another boot) is another process.
  return now === null || now === owner.started
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * "boot id:start time" of a process (Linux: /proc/sys/kernel/random/boot_id, and field 22 of
 * /proc/PID/stat, clock ticks after boot), or null where there is no /proc.
 */
export function startOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 2, the command, is in parentheses and may hold spaces: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    return fields[19] ? `${boot}:${fields[19]}` : null
  } catch {
    return null
  }
}
