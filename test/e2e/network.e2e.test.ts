/**
 * End to end, in Chromium: two members connect — one invites from the other's profile with a
 * note, the other accepts on the Network page — the degree badge shows, a "connections only"
 * profile is hidden before connecting and shown after, and once blocked a member can no longer
 * find the blocker's profile. Phone width and Chinese on the way.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { browserUnavailable, startTestServer } from '../support/server.js'
import { openPerson, scrollWidth, signUp, uniqueEmail, type Person } from './browser.js'

const PASSWORD = 'Difference-Engine-1822'
const ABOUT = 'Compilers, mostly. Ask me about COBOL.'
const NOTE = 'We met at the compiler workshop in Boston.'

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>

before(async () => {
  if (skip) return
  server = await startTestServer()
})
after(async () => {
  await server?.close()
})

describe('web app: connecting, degree, "connections only", blocking', { skip: skip ?? false }, () => {
  let grace: Person
  let alan: Person
  let graceHandle = ''
  let alanHandle = ''

  before(async () => {
    grace = await openPerson()
    alan = await openPerson()
  })
  after(async () => {
    await grace?.close()
    await alan?.close()
  })

  const handleOf = async (p: Person) => ((await p.page.getByRole('link', { name: 'View your profile' }).getAttribute('href')) ?? '').slice('/in/'.length)

  it('Grace shows her full profile to connections only; Alan signs up', async () => {
    const p = grace.page
    await signUp(p, server.url, 'Grace Hopper', uniqueEmail('grace'), PASSWORD)
    graceHandle = await handleOf(grace)
    await p.getByLabel('Headline').fill('Rear admiral, compiler writer')
    await p.getByLabel('About', { exact: true }).fill(ABOUT)
    await p.getByLabel('Who can see your full profile').selectOption('connections')
    await p.getByRole('button', { name: 'Save profile' }).click()
    await p.getByText('Saved. Your profile is up to date.').waitFor()

    await signUp(alan.page, server.url, 'Alan Turing', uniqueEmail('alan'), PASSWORD)
    alanHandle = await handleOf(alan)
  })

  it('before connecting, Alan sees only her name and headline, and no degree', async () => {
    const p = alan.page
    await p.goto(`${server.url}/in/${graceHandle}`)
    await p.getByRole('heading', { level: 1, name: 'Grace Hopper' }).waitFor()
    await p.getByText('Grace Hopper shows their full profile to connections only.').waitFor()
    assert.equal(await p.getByText(ABOUT).count(), 0)
    assert.equal(await p.locator('.degree-badge').count(), 0)
  })

  it('Alan invites her with a note, from her profile, and sees it pending', async () => {
    const p = alan.page
    await p.getByRole('button', { name: 'Connect', exact: true }).click()
    const note = p.getByLabel('Add a note (optional)')
    assert.equal(await note.evaluate((el) => el === document.activeElement), true, 'the note field takes the focus')
    await note.fill(NOTE)
    await p.getByRole('button', { name: 'Send invitation' }).click()
    await p.getByText('Invitation sent to Grace Hopper.').waitFor()
    await p.getByText('Pending', { exact: true }).waitFor()
    await p.getByRole('button', { name: 'Withdraw' }).waitFor()
    assert.equal(await p.getByText(ABOUT).count(), 0, 'an invitation is not a connection')
  })

  it('on a phone, the Network page and the profile do not scroll sideways', async () => {
    const p = alan.page
    await p.setViewportSize({ width: 390, height: 800 })
    assert.ok((await scrollWidth(p)) <= 390, 'profile at 390 px')
    await p.goto(`${server.url}/network`)
    await p.getByRole('heading', { level: 2, name: /Sent invitations/ }).waitFor()
    await p.getByRole('link', { name: 'Grace Hopper' }).waitFor()
    assert.ok((await scrollWidth(p)) <= 390, 'network page at 390 px')
    await p.setViewportSize({ width: 1280, height: 900 })
  })

  it('Grace sees the invitation and its note on her Network page and accepts it', async () => {
    const p = grace.page
    await p.goto(`${server.url}/network`)
    const invitations = p.getByRole('region', { name: /Invitations/ })
    await invitations.getByRole('link', { name: 'Alan Turing' }).waitFor()
    await invitations.getByText(NOTE).waitFor()
    await invitations.getByRole('button', { name: 'Accept: Alan Turing' }).click()
    await p.getByText('You are now connected with Alan Turing.').waitFor()
    const connections = p.getByRole('region', { name: /^Connections/ })
    await connections.getByRole('link', { name: 'Alan Turing' }).waitFor()
    await connections.getByText('1st', { exact: true }).waitFor()
    await p.getByText('No invitations waiting.').waitFor()
  })

  it('now Alan sees her full profile, with the 1st-degree badge', async () => {
    const p = alan.page
    await p.goto(`${server.url}/in/${graceHandle}`)
    await p.getByText(ABOUT).waitFor()
    await p.getByRole('heading', { level: 1, name: /Grace Hopper/ }).getByText('1st', { exact: true }).waitFor()
    assert.equal(await p.getByText('Grace Hopper shows their full profile to connections only.').count(), 0)
    await p.getByRole('button', { name: 'Remove connection' }).waitFor()
  })

  it('in Chinese, the badge and buttons are translated', async () => {
    const p = alan.page
    await p.getByLabel('Language', { exact: true }).selectOption('zh-CN')
    await p.getByRole('heading', { level: 1, name: /Grace Hopper/ }).getByText('一度', { exact: true }).waitFor()
    await p.getByRole('button', { name: '删除好友' }).waitFor()
    await p.getByRole('button', { name: '关注', exact: true }).waitFor()
    await p.getByLabel('语言', { exact: true }).selectOption('en')
    await p.getByRole('button', { name: 'Remove connection' }).waitFor()
  })

  it('Grace blocks Alan from his profile, after a confirmation', async () => {
    const p = grace.page
    await p.goto(`${server.url}/in/${alanHandle}`)
    await p.getByRole('button', { name: 'Block', exact: true }).click()
    const confirm = p.getByRole('group', { name: /Block Alan Turing\?/ })
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await p.getByRole('button', { name: 'Block', exact: true }).click()
    await p.getByRole('group', { name: /Block Alan Turing\?/ }).getByRole('button', { name: 'Block' }).click()
    await p.getByText('You blocked Alan Turing. You can unblock them in Settings.').waitFor()
    await p.goto(`${server.url}/settings`)
    await p.getByRole('region', { name: 'Blocked members' }).getByText('Alan Turing').waitFor()
  })

  it('Alan can no longer find her profile, and she has left his network', async () => {
    const p = alan.page
    await p.goto(`${server.url}/in/${graceHandle}`)
    await p.getByRole('heading', { level: 1, name: 'Profile not found' }).waitFor()
    assert.equal(await p.getByText(ABOUT).count(), 0)
    await p.goto(`${server.url}/network`)
    await p.getByText('You have no connections yet.').waitFor()
    assert.equal(await p.getByRole('link', { name: 'Grace Hopper' }).count(), 0)
    // Nor message her: the server answers as for an unknown member, and no conversation is made.
    const started = p.waitForResponse((r) => r.url().endsWith('/api/v1/conversations') && r.request().method() === 'POST')
    await p.goto(`${server.url}/messages?to=${graceHandle}`)
    assert.equal((await started).status(), 404)
    await p.getByRole('alert').waitFor()
    assert.equal(await server.app.ctx.db.selectFrom('conversation').select('id').executeTakeFirst(), undefined)
  })

  it('no page errors or CSP violations', () => {
    assert.deepEqual(grace.problems, [])
    assert.deepEqual(alan.problems, [])
  })
})
