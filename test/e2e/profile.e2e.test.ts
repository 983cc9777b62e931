/**
 * End to end, in a real Chromium against a real server with a fresh database:
 * two people, sign-up → profile editing → sign-out/in → viewing someone else's profile →
 * switching to Chinese; the "connections only" visibility setting; plus error display,
 * keyboard-only sign-in and phone width.
 */
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { openPerson, scrollWidth, signUp, uniqueEmail, type Person } from './browser.js'

const PASSWORD = 'Analytical-Engine-1843'
const ADA = {
  name: 'Ada Lovelace',
  email: uniqueEmail('ada'),
  headline: 'Mathematician and the first computer programmer',
  location: 'London',
  about: 'I write notes on the Analytical Engine.\nPoetical science is my thing.',
  company: 'Analytical Engine Company',
  title: 'Lead Programmer',
  school: 'University of London',
  skills: ['Mathematics', 'Algorithms'],
}

const skip = browserUnavailable()
let server: { url: string; close(): Promise<void> }

before(async () => {
  if (skip) return
  server = await startTestServer()
  await mkdir(ARTIFACTS_DIR, { recursive: true })
})

after(async () => {
  await server?.close()
})

describe('web app: profiles, two people', { skip: skip ?? false }, () => {
  let a: Person
  let b: Person
  let handleA = ''

  before(async () => {
    a = await openPerson()
    b = await openPerson()
  })

  after(async () => {
    await a?.close()
    await b?.close()
  })

  it('A signs up and lands in the profile editor', async () => {
    await signUp(a.page, server.url, ADA.name, ADA.email, PASSWORD)
    const href = await a.page.getByRole('link', { name: 'View your profile' }).getAttribute('href')
    assert.match(href ?? '', /^\/in\/[a-z0-9-]+$/)
    handleA = href!.slice('/in/'.length)
  })

  it('A fills in the profile and saves it', async () => {
    const p = a.page
    await p.getByLabel('Headline').fill(ADA.headline)
    await p.getByLabel('Location').fill(ADA.location)
    await p.getByLabel('About', { exact: true }).fill(ADA.about)
    assert.match((await p.locator('#profile-about-count').textContent()) ?? '', new RegExp(`^${ADA.about.length} of 2600`))

    await p.getByRole('button', { name: 'Add experience' }).click()
    await p.getByLabel('Company').fill(ADA.company)
    await p.getByLabel('Title', { exact: true }).fill(ADA.title)
    await p.getByLabel('Start month').fill('2019-03')
    await p.getByLabel('I currently work here').check()
    assert.equal(await p.getByLabel('End month').isDisabled(), true)
    await p.getByLabel('Description').fill('Wrote the first published algorithm.')

    await p.getByRole('button', { name: 'Add education' }).click()
    await p.getByLabel('School').fill(ADA.school)
    await p.getByLabel('Field of study').fill('Mathematics')
    await p.getByLabel('Start year').fill('2010')
    await p.getByLabel('End year').fill('2014')

    const skill = p.getByLabel('Add a skill')
    await skill.fill(ADA.skills[0]!)
    await skill.press('Enter') // Enter adds the skill and must not submit the form
    await skill.fill(ADA.skills[1]!)
    await p.getByRole('button', { name: 'Add skill' }).click()
    for (const s of ADA.skills) await p.getByRole('button', { name: `Remove skill: ${s}` }).waitFor()

    await p.getByRole('button', { name: 'Save profile' }).click()
    await p.getByText('Saved. Your profile is up to date.').waitFor()
    assert.deepEqual(a.problems, [])
  })

  it('A signs out and signs in again', async () => {
    const p = a.page
    await p.getByRole('button', { name: 'Sign out', exact: true }).click()
    await p.waitForURL(server.url + '/')
    await p.getByRole('link', { name: 'Join now' }).waitFor()

    await p.goto(server.url + '/signin')
    await p.getByLabel('Email').fill(ADA.email)
    await p.getByLabel('Password').fill(PASSWORD)
    await p.getByRole('button', { name: 'Sign in' }).click()
    await p.waitForURL(server.url + '/')
    await p.getByRole('heading', { level: 1, name: `Welcome, ${ADA.name}` }).waitFor()
    await p.getByText('Your profile is complete.').waitFor()
  })

  it('B signs up and sees A’s profile', async () => {
    const p = b.page
    await signUp(p, server.url, 'Charles Babbage', uniqueEmail('charles'), PASSWORD)
    await p.goto(`${server.url}/in/${handleA}`)
    await p.getByRole('heading', { level: 1, name: ADA.name }).waitFor()
    await p.getByText(ADA.headline).waitFor()
    const experience = p.getByRole('region', { name: 'Experience' })
    await experience.getByRole('heading', { name: ADA.title }).waitFor()
    assert.match(await experience.innerText(), new RegExp(ADA.company))
    assert.match(await experience.innerText(), /Mar 2019 – Present/)
    const skills = p.getByRole('region', { name: 'Skills' })
    for (const s of ADA.skills) await skills.getByText(s, { exact: true }).waitFor()
    await p.getByRole('region', { name: 'Education' }).getByText(ADA.school).waitFor()
    assert.equal(await p.getByRole('link', { name: 'Edit profile' }).count(), 0, 'B must not get an edit button')
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'profile-en.png'), fullPage: true })
  })

  it('B switches to Chinese; the choice is saved to B’s account', async () => {
    const p = b.page
    await p.getByLabel('Language', { exact: true }).selectOption('zh-CN')
    const nav = p.getByRole('navigation', { name: '主导航' })
    await nav.getByRole('link', { name: '职场畅谈' }).waitFor()
    assert.equal(await p.locator('html').getAttribute('lang'), 'zh-CN')
    await p.getByRole('region', { name: '工作经历' }).waitFor()
    await p.getByRole('heading', { level: 1, name: ADA.name }).waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'profile-zh-CN.png'), fullPage: true })

    // Forget this device's choice: the account's saved language must win after reload.
    await p.evaluate(() => localStorage.removeItem('wc.lang'))
    await p.reload()
    await p.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '职场畅谈' }).waitFor()
    assert.deepEqual(b.problems, [])
  })
})

describe('web app: sign-in details and phone width', { skip: skip ?? false }, () => {
  let c: Person
  const email = uniqueEmail('grace')

  before(async () => {
    c = await openPerson()
    await signUp(c.page, server.url, 'Grace Hopper', email, PASSWORD)
    await c.page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await c.page.waitForURL(server.url + '/')
  })

  after(async () => {
    await c?.close()
  })

  it('sends signed-out visitors of members-only pages to sign-in', async () => {
    await c.page.goto(server.url + '/settings')
    await c.page.waitForURL(server.url + '/signin?next=%2Fsettings')
    await c.page.getByText('Please sign in to see that page.').waitFor()
  })

  it('shows a wrong password in a role=alert', async () => {
    const p = c.page
    await p.goto(server.url + '/signin')
    await p.getByLabel('Email').fill(email)
    await p.getByLabel('Password').fill('not-the-right-password')
    await p.getByRole('button', { name: 'Sign in' }).click()
    const alert = p.getByRole('alert')
    await alert.waitFor()
    assert.equal((await alert.innerText()).trim(), 'The email or password is incorrect.')
    assert.equal(p.url(), server.url + '/signin')
  })

  it('signs in with the keyboard only', async () => {
    const p = c.page
    await p.goto(server.url + '/signin')
    await p.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    const focused = () => p.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || '')
    await p.keyboard.press('Tab')
    assert.equal(await focused(), 'Skip to content')
    await p.keyboard.press('Enter')
    assert.equal(await focused(), 'main')
    await p.keyboard.press('Tab')
    assert.equal(await focused(), 'signin-email')
    await p.keyboard.type(email)
    await p.keyboard.press('Tab')
    assert.equal(await focused(), 'signin-password')
    await p.keyboard.type(PASSWORD)
    await p.keyboard.press('Enter')
    await p.waitForURL(server.url + '/')
    await p.getByRole('heading', { level: 1, name: 'Welcome, Grace Hopper' }).waitFor()
  })

  it('has no horizontal scroll at 360px', async () => {
    const p = c.page
    await p.setViewportSize({ width: 360, height: 740 })
    const handle = ((await p.getByRole('link', { name: 'View your profile' }).getAttribute('href')) ?? '').slice('/in/'.length)
    const pages = ['/', `/in/${handle}`, '/me/edit', '/settings', '/talk', '/no-such-page']
    for (const route of pages) {
      await p.goto(server.url + route)
      await p.locator('main h1').first().waitFor()
      assert.ok((await scrollWidth(p)) <= 360, `${route} scrolls sideways: ${await scrollWidth(p)}px`)
    }
    await p.goto(server.url + '/me/edit')
    await p.getByRole('button', { name: 'Add experience' }).click()
    assert.ok((await scrollWidth(p)) <= 360, `editor with an entry scrolls sideways: ${await scrollWidth(p)}px`)

    // The navigation collapses behind a menu button.
    const menu = p.getByRole('button', { name: 'Menu' })
    assert.equal(await menu.getAttribute('aria-expanded'), 'false')
    assert.equal(await p.getByRole('link', { name: 'Work Talk' }).isVisible(), false)
    await menu.click()
    assert.equal(await menu.getAttribute('aria-expanded'), 'true')
    await p.getByRole('link', { name: 'Work Talk' }).waitFor()
    assert.ok((await scrollWidth(p)) <= 360)
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'menu-360.png') })

    await p.goto(`${server.url}/in/${handle}`)
    await p.locator('main h1').first().waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'profile-360.png'), fullPage: true })
    assert.deepEqual(c.problems, [])
  })
})

describe('web app: profile visibility', { skip: skip ?? false }, () => {
  let owner: Person
  let viewer: Person
  let handle = ''
  const about = 'Working on a new compiler; happy to talk about it.'

  before(async () => {
    owner = await openPerson()
    viewer = await openPerson()
  })

  after(async () => {
    await owner?.close()
    await viewer?.close()
  })

  it('the owner shows the full profile to connections only, and is reminded of it on the profile', async () => {
    const p = owner.page
    await signUp(p, server.url, 'Jean Sammet', uniqueEmail('jean'), PASSWORD)
    handle = ((await p.getByRole('link', { name: 'View your profile' }).getAttribute('href')) ?? '').slice('/in/'.length)
    await p.getByLabel('Headline').fill('Language designer')
    await p.getByLabel('About', { exact: true }).fill(about)
    const visibility = p.getByLabel('Who can see your full profile')
    assert.equal(await visibility.inputValue(), 'members', 'all members by default')
    await visibility.selectOption('connections')
    await p.getByRole('button', { name: 'Save profile' }).click()
    await p.getByText('Saved. Your profile is up to date.').waitFor()

    await p.goto(`${server.url}/in/${handle}`)
    await p.getByText('Only your connections see your full profile; other members see your name and headline.').waitFor()
    await p.getByText(about).waitFor()
  })

  it('another member sees the name and headline only, and why', async () => {
    const p = viewer.page
    await signUp(p, server.url, 'Frances Allen', uniqueEmail('frances'), PASSWORD)
    await p.goto(`${server.url}/in/${handle}`)
    await p.getByRole('heading', { level: 1, name: 'Jean Sammet' }).waitFor()
    await p.getByText('Language designer').waitFor()
    await p.getByText('Jean Sammet shows their full profile to connections only.').waitFor()
    assert.equal(await p.getByText(about).count(), 0, 'the about text is not shown')
    assert.equal(await p.getByRole('region', { name: 'About' }).count(), 0)
  })

  it('back to all members: the other member sees everything', async () => {
    await owner.page.goto(server.url + '/me/edit')
    await owner.page.getByLabel('Who can see your full profile').selectOption('members')
    await owner.page.getByRole('button', { name: 'Save profile' }).click()
    await owner.page.getByText('Saved. Your profile is up to date.').waitFor()

    await viewer.page.reload()
    await viewer.page.getByText(about).waitFor()
    assert.equal(await viewer.page.getByText('Jean Sammet shows their full profile to connections only.').count(), 0)
    assert.deepEqual([...owner.problems, ...viewer.problems], [])
  })
})
