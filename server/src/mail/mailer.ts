import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import nodemailer from 'nodemailer'
import type { Config } from '../config.js'

export interface MailMessage {
  to: string
  subject: string
  text: string
  html: string
  /** Names the outbox file, so the message can be deleted once it has served (see `discard`). */
  tag?: string
  /** Extra headers (a digest's List-Unsubscribe). */
  headers?: Record<string, string>
}

export interface Mailer {
  /** 'smtp' delivers and keeps nothing; 'outbox' writes .eml files into DATA_DIR/outbox. */
  mode: 'smtp' | 'outbox'
  send(message: MailMessage): Promise<void>
  /** Deletes an outbox message by tag (no-op for SMTP, which keeps nothing). */
  discard(tag: string): void
  close(): void
}

const FROM = (config: Config) => `Watercooler <no-reply@${config.publicUrl.hostname === '127.0.0.1' ? 'watercooler.localhost' : config.publicUrl.hostname}>`

export function createMailer(config: Config): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl)
    return {
      mode: 'smtp',
      async send(m) {
        await transport.sendMail({ from: FROM(config), to: m.to, subject: m.subject, text: m.text, html: m.html, ...(m.headers && { headers: m.headers }) })
      },
      discard() {},
      close: () => transport.close(),
    }
  }
  const outbox = path.join(config.dataDir, 'outbox')
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  const fileOf = (tag: string) => path.join(outbox, `${tag.replace(/[^\w-]/g, '_')}.eml`)
  return {
    mode: 'outbox',
    async send(m) {
      const info = await transport.sendMail({ from: FROM(config), to: m.to, subject: m.subject, text: m.text, html: m.html, ...(m.headers && { headers: m.headers }) })
      fs.mkdirSync(outbox, { recursive: true, mode: 0o700 })
      const file = m.tag ? fileOf(m.tag) : path.join(outbox, `${Date.now()}-${crypto.randomBytes(4).toString('hex')}.eml`)
      fs.writeFileSync(file, info.message as Buffer, { mode: 0o600 })
    },
    discard(tag) {
      fs.rmSync(fileOf(tag), { force: true })
    },
    close() {},
  }
}
