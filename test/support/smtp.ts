import type { AddressInfo } from 'node:net'
import type { Clock } from '../../server/src/context.js'
import { buildTestApp, type TestApp } from './app.js'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  to: string[]
  raw: Buffer
  parsed: ParsedMail
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server), for tests: the app delivers to it through
 * nodemailer exactly as it would to a production relay, and tests read what arrived.
 */
export async function startSmtpServer() {
  const received: ReceivedMail[] = []
  const waiters: { match: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks)
        const mail = { to: session.envelope.rcptTo.map((r) => r.address), raw, parsed: await simpleParser(raw) }
        received.push(mail)
        for (const w of waiters.splice(0)) {
          if (w.match(mail)) w.resolve(mail)
          else waiters.push(w)
        }
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The next (or an already received) mail to `address`. */
    waitFor(address: string, timeoutMs = 10_000): Promise<ReceivedMail> {
      const match = (m: ReceivedMail) => m.to.includes(address.toLowerCase()) || m.to.includes(address)
      const already = received.find(match)
      if (already) return Promise.resolve(already)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no mail to ${address} within ${timeoutMs} ms`)), timeoutMs)
        waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) })
      })
    },
    /** Forget what arrived (so waitFor sees only what comes next). */
    clear() {
      received.length = 0
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
export type TestSmtpServer = Awaited<ReturnType<typeof startSmtpServer>>

/** A test app that delivers its mail to a test SMTP server of its own; `close()` stops both. */
export async function buildTestAppWithMail(opts: { clock?: Clock } = {}): Promise<{ t: TestApp; smtp: TestSmtpServer }> {
  const smtp = await startSmtpServer()
  const t = await buildTestApp({ ...opts, env: { SMTP_URL: smtp.url } })
  const closeApp = t.close
  t.close = async () => {
    await closeApp()
    await smtp.close()
  }
  return { t, smtp }
}

/** The 6-digit code in a verification mail's text. */
export function codeFrom(mail: ReceivedMail): string {
  const m = /\b(\d{6})\b/.exec(mail.parsed.text ?? '')
  if (!m) throw new Error(`no code in mail: ${mail.parsed.text}`)
  return m[1]!
}
