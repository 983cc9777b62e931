/**
 * Browser helpers for the end-to-end tests: one persistent Chromium context per simulated person,
 * each in its own fresh profile directory, plus a watch for Content-Security-Policy violations.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

import { CHROMIUM, CHROMIUM_ARGS as ARGS } from '../support/server.js'

export { CHROMIUM }

export interface Person {
  context: BrowserContext
  page: Page
  /** Page errors and CSP violations seen so far (console noise such as 401 resource loads is ignored). */
  problems: string[]
  close(): Promise<void>
}

export async function openPerson(): Promise<Person> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wc-e2e-'))
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
  })
  context.setDefaultTimeout(15_000)
  const page = context.pages()[0] ?? (await context.newPage())
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) problems.push(`csp: ${msg.text()}`)
  })
  return {
    context,
    page,
    problems,
    async close() {
      await context.close().catch(() => {})
      await rm(dir, { recursive: true, force: true }).catch(() => {})
    },
  }
}

let counter = 0
/** An address no earlier run has used. */
export function uniqueEmail(who: string): string {
  counter += 1
  return `${who}.${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 7)}@example.test`
}

/** Fills the sign-up form (English UI) and waits for the profile editor. */
export async function signUp(page: Page, baseUrl: string, name: string, email: string, password: string): Promise<void> {
  await page.goto(baseUrl + '/signup')
  await page.getByLabel('Full name').fill(name)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL(baseUrl + '/me/edit')
  await page.getByRole('heading', { level: 1, name: 'Edit your profile' }).waitFor()
}

/** The horizontal overflow check for phone widths. */
export async function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth)
}
