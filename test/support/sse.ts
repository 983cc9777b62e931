import http from 'node:http'

/** A member event stream read over a real socket, parsed as an EventSource would. */
export interface SseStream {
  status: number
  events: { event: string; id: string | undefined; data: any }[]
  /** The last id seen, as an EventSource keeps it for Last-Event-ID. */
  lastId: string | undefined
  waitFor(until: (s: SseStream) => boolean, what: string, ms?: number): Promise<void>
  /** Resolves when the server ends the stream. */
  ended: Promise<void>
  close(): void
}

export function openSse(port: number, path: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let pending = ''
      const waiters = new Set<() => void>()
      const ended = new Promise<void>((done) => res.once('close', () => done()))
      const s: SseStream = {
        ended,
        status: res.statusCode!,
        events: [],
        lastId: undefined,
        async waitFor(until, what, ms = 10_000) {
          if (until(s)) return
          await new Promise<void>((done, fail) => {
            const timer = setTimeout(() => (waiters.delete(check), fail(new Error(`timed out waiting for ${what}; got ${JSON.stringify(s.events).slice(-600)}`))), ms)
            const check = () => until(s) && (clearTimeout(timer), waiters.delete(check), done())
            waiters.add(check)
          })
        },
        close: () => req.destroy(),
      }
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        pending += chunk
        let cut
        while ((cut = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, cut)
          pending = pending.slice(cut + 2)
          let event = 'message'
          let id: string | undefined
          let data: string | undefined
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7)
            else if (line.startsWith('id: ')) id = line.slice(4)
            else if (line.startsWith('data: ')) data = line.slice(6)
          }
          if (id !== undefined) s.lastId = id
          if (data !== undefined) s.events.push({ event, id, data: JSON.parse(data) })
        }
        for (const w of [...waiters]) w()
      })
      res.on('error', () => undefined)
      resolve(s)
    })
    req.on('error', reject)
  })
}
