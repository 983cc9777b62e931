/**
 * End to end, in a real Chromium (issue 10): a verified employee reviews the company and reports a
 * salary through the browser's anonymous outbox, paid with the yearly tokens its first batch drew;
 * a second review token for that account and year is refused (429 quota_exceeded) while another
 * employee's is accepted; the salary cell stays hidden until the fifth report and the daily batch,
 * then shows the median; the company's representative answers the review in its name; and the
 * writer's own page does not read the company's lists with its session right after writing.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { recomputeSalaryCells } from '../../server/src/anon/services/salary-cells.js'
import { prepareTokenRequests } from '../../shared/src/talk/tokens.js'
import { buildVerifiedUser } from '../support/factories.js'
import { IndependentClient, injectSender } from '../support/independent-client.js'
import { browserUnavailable, startTestServer } from '../support/server.js'
import { scrollWidth, signIn, talkPerson } from './browser.js'

const SLUG = 'globex'
const PROS = 'Kind colleagues and real ownership of what we build.'
const CONS = 'Promotions are slow and opaque.'
const RESPONSE = 'Thank you — promotions are reviewed twice a year from January.'
/** The quiet minute after a write (and its random part), plus the list's load. */
const QUIET_MS = 110_000

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>
type User = Awaited<ReturnType<typeof buildVerifiedUser>>
let staff: User[] = []

before(async () => {
  if (skip) return
  server = await startTestServer({ env: { MIN_ANONYMITY_SET: '2', TALK_MIN_TOKEN_AGE_S: '0', TALK_MIX_WINDOW_S: '2' } })
  staff = []
  for (let i = 0; i < 6; i++) staff.push(await buildVerifiedUser(server.app.app, server.app.ctx, SLUG))
  const company = await server.app.ctx.db.selectFrom('company').select('id').where('slug', '=', SLUG).executeTakeFirstOrThrow()
  await server.app.ctx.db.insertInto('companyRepresentative').values({ companyId: company.id, accountId: staff[5]!.id, grantedOn: '2026-01-01' }).execute()
})
after(async () => {
  await server?.close()
})

const api = () => new IndependentClient(injectSender(server.app.app))
async function salaryByApi(user: User, base: number) {
  const c = api()
  const key = (await c.directory()).find((k) => k.company === SLUG && k.purpose === 'salary')!
  const [token] = await c.fetchTokens(user.cookie, key.keyId, 1)
  const res = await server.app.app.inject({
    method: 'POST',
    url: `/api/v1/companies/${SLUG}/salaries`,
    payload: { token, titleFamily: 'engineering', location: 'Shanghai', yearsExperience: 3, base, currency: 'CNY', year: new Date().getUTCFullYear() },
  })
  assert.ok([201, 202].includes(res.statusCode), res.body)
  await server.app.ctx.anon.mixer.flush()
}

describe('web app: company reviews and salaries', { skip: skip ?? false }, () => {
  let a: Awaited<ReturnType<typeof talkPerson>>
  let rep: Awaited<ReturnType<typeof talkPerson>>

  before(async () => {
    ;[a, rep] = [await talkPerson(0), await talkPerson(0)]
    for (const [p, u] of [[a, staff[0]!], [rep, staff[5]!]] as const) {
      await signIn(p.page, server.url, u.email, u.password)
      await p.page.getByText(/^\d+ anonymous tokens ready$/).waitFor({ timeout: 30_000 })
    }
  })
  after(async () => {
    await a?.close()
    await rep?.close()
  })

  it('the first batch drew this year’s review token: a second for the same account is 429 quota_exceeded, another employee’s is accepted', async () => {
    const key = (await api().directory()).find((k) => k.company === SLUG && k.purpose === 'review')!
    // Wait until this browser's batch has drawn it (the batch is the only thing that draws).
    const issued = async () => (await server.app.ctx.db.selectFrom('talkIssuance').select('issued').where('accountId', '=', staff[0]!.id).where('keyId', '=', key.keyId).executeTakeFirst())?.issued ?? 0
    for (let i = 0; i < 100 && (await issued()) === 0; i++) await new Promise((r) => setTimeout(r, 200))
    assert.equal(await issued(), 1)
    const { blindedMessages } = await prepareTokenRequests(key.publicKey, 1)
    const again = await a.page.request.post(`${server.url}/api/v1/talk/tokens`, { data: { keyId: key.keyId, blindedMessages } })
    assert.equal(again.status(), 429)
    assert.equal((await again.json()).code, 'quota_exceeded')
    assert.equal((await api().fetchTokens(staff[1]!.cookie, key.keyId, 1)).length, 1)
  })

  it('a verified employee writes a review in the browser; it goes out through the outbox and is published', async () => {
    const p = a.page
    await p.goto(`${server.url}/companies/${SLUG}?tab=reviews`)
    await p.getByText(`No reviews of ${SLUG} yet.`).waitFor()
    await p.getByRole('button', { name: 'Write a review' }).click()
    const form = p.getByRole('form', { name: `Review ${SLUG}` })
    await form.getByRole('button', { name: 'Publish review' }).click()
    // Nothing sent: every required answer says so.
    await form.getByText('Choose a rating from 1 to 5.').first().waitFor()
    assert.equal(a.traffic.writes.length, 0)
    const ratings: [string, number][] = [['Overall', 4], ['Culture and values', 5], ['Work–life balance', 3], ['Pay and benefits', 4], ['Senior management', 2], ['Career opportunities', 3]]
    const words = ['Very poor', 'Poor', 'OK', 'Good', 'Excellent']
    for (const [legend, n] of ratings) await form.getByRole('group', { name: legend, exact: true }).getByLabel(`${n} of 5: ${words[n - 1]}`).check({ force: true })
    await form.getByRole('group', { name: 'Would you recommend working here to a friend?' }).getByLabel('Yes').check({ force: true })
    await form.getByRole('group', { name: 'Do you approve of the CEO?' }).getByLabel('Approve', { exact: true }).check({ force: true })
    await form.locator('#review-headline').fill('Good place to grow')
    await form.locator('#review-pros').fill(PROS)
    await form.locator('#review-cons').fill(CONS)
    await form.locator('#review-titleFamily').selectOption('engineering')
    await form.getByRole('button', { name: 'Publish review' }).click()
    await p.getByText('Published', { exact: true }).waitFor({ timeout: 30_000 })
    const sent = a.traffic.writes.filter((w) => w.path === `/api/v1/companies/${SLUG}/reviews`)
    assert.equal(sent.length, 1, 'one anonymous POST')
    assert.equal(sent[0]!.request.headers().cookie, undefined, 'without the session cookie')
    const row = await server.app.ctx.db.selectFrom('companyReview').selectAll().executeTakeFirstOrThrow()
    assert.deepEqual([row.overall, row.management, row.pros, row.titleFamily, row.employment], [4, 2, PROS, 'engineering', 'current'])
  })

  it('the representative answers the review in the company’s name', async () => {
    const p = rep.page
    await p.goto(`${server.url}/companies/${SLUG}?tab=reviews`)
    await p.getByText(PROS).waitFor()
    await p.getByRole('button', { name: `Respond as ${SLUG}` }).click()
    await p.getByLabel('Your response').fill(RESPONSE)
    await p.getByRole('button', { name: 'Publish response' }).click()
    await p.getByText(`Response from ${SLUG}`).waitFor()
    await p.getByText(RESPONSE).waitFor()
    const stored = await server.app.ctx.db.selectFrom('companyReviewResponse').select(['body', 'authorId']).executeTakeFirstOrThrow()
    assert.deepEqual(stored, { body: RESPONSE, authorId: staff[5]!.id })
  })

  it('the representative edits the company’s profile (not its name or domains), and the page shows it', async () => {
    const p = rep.page
    await p.goto(`${server.url}/companies/${SLUG}`)
    const zone = p.getByRole('region', { name: 'Your company’s page' })
    await zone.getByLabel('Description').fill('We build review machines.')
    await zone.getByLabel('Locations').fill('Shanghai\nRemote')
    assert.equal(await zone.getByLabel('Name').count(), 0, 'the name is the admins’')
    assert.equal(await zone.getByLabel('Add an e-mail domain').count(), 0, 'so are the domains')
    await zone.getByRole('button', { name: 'Save changes' }).click()
    await zone.getByText('Company saved.').waitFor()
    await p.locator('.company-header .company-where').getByText('Shanghai · Remote').waitFor()
    const row = await server.app.ctx.db.selectFrom('company').select(['description', 'locations']).where('slug', '=', SLUG).executeTakeFirstOrThrow()
    assert.deepEqual(row, { description: 'We build review machines.', locations: ['Shanghai', 'Remote'] })
    await p.locator('p.prewrap').getByText('We build review machines.').waitFor()
  })

  it('a salary report from the browser; the cell stays hidden until the fifth report and the daily batch, then shows the median', async () => {
    const p = a.page
    await p.goto(`${server.url}/companies/${SLUG}?tab=salaries`)
    await p.getByRole('button', { name: 'Add your salary' }).click()
    await p.locator('#salary-titleFamily').selectOption('engineering')
    await p.locator('#salary-location').fill('Shanghai')
    await p.locator('#salary-yearsExperience').fill('5')
    await p.locator('#salary-currency').selectOption('CNY')
    await p.locator('#salary-base').fill('400000000')
    await p.getByRole('button', { name: 'Add salary' }).click()
    // An extra zero is a typing mistake: said on the field, nothing sent.
    await p.getByText(/A yearly base pay is between/).waitFor()
    assert.equal(a.traffic.writes.filter((w) => w.path.endsWith('/salaries')).length, 0)
    await p.locator('#salary-base').fill('400000')
    await p.getByRole('button', { name: 'Add salary' }).click()
    await p.getByText('Saved — it counts in the figures from the next daily update').waitFor({ timeout: 30_000 })
    assert.equal(a.traffic.writes.filter((w) => w.path.endsWith('/salaries')).length, 1)

    for (const [i, base] of [[1, 300_000], [2, 350_000], [3, 500_000]] as const) await salaryByApi(staff[i]!, base)
    await recomputeSalaryCells(server.app.ctx.anon.db, new Date())
    const r = rep.page
    await r.goto(`${server.url}/companies/${SLUG}?tab=salaries`)
    await r.getByText('Hidden: 4 of 5 reports').waitFor()
    await salaryByApi(staff[4]!, 600_000)
    await r.reload()
    await r.getByText('Hidden: 4 of 5 reports').waitFor({ timeout: 10_000 }) // the new report waits for the batch
    await recomputeSalaryCells(server.app.ctx.anon.db, new Date())
    await r.reload()
    const row = r.getByRole('row').filter({ hasText: 'Shanghai' })
    await row.locator('.salary-median').getByText('CN¥400,000').waitFor()
    assert.deepEqual(await row.getByRole('cell').allInnerTexts(), ['Shanghai', 'CNY', '5', 'CN¥350,000', 'CN¥400,000', 'CN¥500,000', 'CN¥400,000'])
    assert.equal(await r.getByText(/Hidden:/).count(), 0)
    await r.setViewportSize({ width: 390, height: 844 })
    assert.ok((await scrollWidth(r)) <= 390, 'salaries at 390 px')
  })

  it('the writer’s browser reads the company’s reviews only after its quiet minute: then the review and the response show', async () => {
    const p = a.page
    await p.goto(`${server.url}/companies/${SLUG}?tab=reviews`)
    await p.getByText(RESPONSE).waitFor({ timeout: QUIET_MS })
    await p.getByText(PROS).waitFor()
    const writes = a.traffic.writes.filter((w) => w.path.startsWith(`/api/v1/companies/${SLUG}/`))
    assert.equal(writes.length, 2)
    assert.ok(a.traffic.companyReads.length > 0, 'the lists were read')
    for (const w of writes) for (const q of a.traffic.companyReads) assert.ok(q.at < w.at || q.at - w.at >= 60_000, `GET ${q.path} ${q.at - w.at} ms after a write`)
    assert.deepEqual(a.problems, [])
  })
})
