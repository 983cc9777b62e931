/**
 * End to end, in a real Chromium: the account settings — the name, changing the password (which
 * ends the account's other sessions) and deleting the account, with its two steps, its keyboard
 * focus and its errors.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { signUp as apiSignUp, sessionCookie } from '../support/app.js'
import { browserUnavailable, startTestServer } from '../support/server.js'
import { openPerson, signUp, uniqueEmail, type Person } from './browser.js'

const NAME = 'Grace Hopper'
const EMAIL = uniqueEmail('grace')
const FIRST_PASSWORD = 'Compiler-A-0-1952'
const NEW_PASSWORD = 'Nanosecond-Wire-1985'

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>
let person: Person
let handle = ''

before(async () => {
  if (skip) return
  server = await startTestServer()
  person = await openPerson()
  await signUp(person.page, server.url, NAME, EMAIL, FIRST_PASSWORD)
  handle = ((await person.page.getByRole('link', { name: 'View your profile' }).getAttribute('href')) ?? '').slice('/in/'.length)
})

after(async () => {
  await person?.close()
  await server?.close()
})

const signInWith = (password: string) => server.app.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: EMAIL, password } })
/** A second session, as another device would hold it. */
async function otherDevice(password: string) {
  const res = await signInWith(password)
  assert.equal(res.statusCode, 200, res.body)
  return sessionCookie(res)
}
const meWith = async (cookie: string) => (await server.app.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode
const focusedId = () => person.page.evaluate(() => document.activeElement?.id ?? '')
const focusedText = () => person.page.evaluate(() => document.activeElement?.textContent ?? '')

describe('web app: the account name', { skip: skip ?? false }, () => {
  it('refuses a blank name on its field; a new name shows on the profile', async () => {
    const p = person.page
    await p.goto(server.url + '/settings')
    const name = p.getByLabel('Full name')
    assert.equal(await name.inputValue(), NAME)
    await name.fill('   ')
    await p.getByRole('button', { name: 'Save name' }).click()
    await p.getByText('This field is required.').waitFor()
    assert.equal(await name.getAttribute('aria-invalid'), 'true')
    await p.waitForFunction(() => document.activeElement?.id === 'settings-name')

    await name.fill('Grace Brewster Hopper')
    await p.getByRole('button', { name: 'Save name' }).click()
    await p.getByText('Your name has been updated.').waitFor()
    await p.goto(`${server.url}/in/${handle}`)
    await p.getByRole('heading', { level: 1, name: 'Grace Brewster Hopper' }).waitFor()
  })
})

describe('web app: changing the password', { skip: skip ?? false }, () => {
  it('names the wrong field for a mismatch, a wrong current password and a common new one, and changes nothing', async () => {
    const p = person.page
    await p.goto(server.url + '/settings')
    const current = p.getByLabel('Current password')
    const next = p.getByLabel('New password', { exact: true })
    const confirm = p.getByLabel('Confirm new password')
    const submit = p.getByRole('button', { name: 'Change password' })

    await current.fill(FIRST_PASSWORD)
    await next.fill(NEW_PASSWORD)
    await confirm.fill(NEW_PASSWORD + '!')
    await submit.click()
    await p.getByText("The passwords don't match.").waitFor()
    assert.equal(await confirm.getAttribute('aria-invalid'), 'true')
    await p.waitForFunction(() => document.activeElement?.id === 'settings-confirm-password')

    await current.fill('not-my-password-at-all')
    await confirm.fill(NEW_PASSWORD)
    await submit.click()
    await p.getByText('Your current password is incorrect.').first().waitFor()
    assert.equal(await current.getAttribute('aria-invalid'), 'true')
    await p.waitForFunction(() => document.activeElement?.id === 'settings-current-password')

    await current.fill(FIRST_PASSWORD)
    await next.fill('password1234')
    await confirm.fill('password1234')
    await submit.click()
    await p.getByText('That password is too common or easy to guess. Please choose another.').first().waitFor()
    assert.equal(await next.getAttribute('aria-invalid'), 'true')

    assert.equal(await meWith(await otherDevice(FIRST_PASSWORD)), 200, 'the first password still works')
  })

  it('changes it: this browser stays signed in, another device is signed out, the new password signs in', async () => {
    const p = person.page
    const elsewhere = await otherDevice(FIRST_PASSWORD)
    await p.getByLabel('Current password').fill(FIRST_PASSWORD)
    await p.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await p.getByLabel('Confirm new password').fill(NEW_PASSWORD)
    await p.getByRole('button', { name: 'Change password' }).click()
    await p.getByText('Password changed. Your other sessions have been signed out.').waitFor()
    assert.equal(await p.getByLabel('Current password').inputValue(), '', 'the fields are emptied')
    assert.equal(await meWith(elsewhere), 401, 'the other device is signed out')

    await p.reload()
    await p.getByRole('heading', { level: 1, name: 'Settings' }).waitFor()
    assert.equal((await signInWith(FIRST_PASSWORD)).statusCode, 401, 'the old password no longer signs in')
    assert.equal(await meWith(await otherDevice(NEW_PASSWORD)), 200)
  })
})

describe('web app: deleting the account', { skip: skip ?? false }, () => {
  it('asks for the password first, then for a confirmation that takes the keyboard focus', async () => {
    const p = person.page
    await p.goto(server.url + '/settings')
    await p.getByRole('button', { name: 'Delete account…' }).click()
    await p.getByText('This field is required.').waitFor()
    await p.waitForFunction(() => document.activeElement?.id === 'delete-password')

    await p.getByLabel('Enter your password to confirm').fill(NEW_PASSWORD)
    await p.getByRole('button', { name: 'Delete account…' }).click()
    await p.getByRole('group', { name: 'Are you sure? Your account and personal data will be deleted for good.' }).waitFor()
    await p.waitForFunction(() => document.activeElement?.textContent === 'Yes, delete my account')
    assert.equal(await p.getByLabel('Enter your password to confirm').getAttribute('readonly'), '', 'the password is locked while asking')
  })

  it('cancel goes back to the password, and nothing is deleted', async () => {
    const p = person.page
    await p.getByRole('button', { name: 'Cancel' }).click()
    await p.getByRole('button', { name: 'Delete account…' }).waitFor()
    assert.equal(await focusedId(), 'delete-password')
    assert.equal(await p.getByLabel('Enter your password to confirm').inputValue(), '', 'the password is not kept after cancelling')
    assert.equal(await meWith(await otherDevice(NEW_PASSWORD)), 200)
  })

  it('a wrong password is refused on its field after the confirmation, and nothing is deleted', async () => {
    const p = person.page
    await p.getByLabel('Enter your password to confirm').fill('not-my-password-at-all')
    await p.getByRole('button', { name: 'Delete account…' }).click()
    await p.getByRole('button', { name: 'Yes, delete my account' }).click()
    await p.getByText('That password is incorrect.').first().waitFor()
    assert.equal(await p.getByLabel('Enter your password to confirm').getAttribute('aria-invalid'), 'true')
    await p.waitForFunction(() => document.activeElement?.id === 'delete-password')
    assert.equal(await meWith(await otherDevice(NEW_PASSWORD)), 200)
  })

  it('the right password deletes it: the home page says so, and neither password signs in', async () => {
    const p = person.page
    const elsewhere = await otherDevice(NEW_PASSWORD)
    await p.getByLabel('Enter your password to confirm').fill(NEW_PASSWORD)
    await p.getByRole('button', { name: 'Delete account…' }).click()
    assert.equal(await focusedText(), 'Yes, delete my account')
    await p.keyboard.press('Enter')
    await p.waitForURL(server.url + '/')
    await p.getByText('Your account and all your personal data have been deleted.').waitFor()
    await p.getByRole('link', { name: 'Join now' }).waitFor()

    assert.equal(await meWith(elsewhere), 401, 'every session ended with the account')
    for (const password of [FIRST_PASSWORD, NEW_PASSWORD]) {
      assert.equal((await signInWith(password)).statusCode, 401)
    }
    const stranger = await apiSignUp(server.app.app)
    const profile = await server.app.app.inject({ method: 'GET', url: `/api/v1/users/${handle}`, headers: { cookie: stranger.cookie } })
    assert.equal(profile.statusCode, 404, 'the profile is gone')
    assert.deepEqual(person.problems, [])
  })
})
