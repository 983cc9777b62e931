/**
 * The Work Talk thread page as a forum, in a real Chromium against a real server with mixing on
 * (TALK_MIX_WINDOW_S = 2) and no token age (TALK_MIN_TOKEN_AGE_S = 0: writes go out at once):
 * - A opens a thread with a poll (the poll editor's checks first) and Markdown in its body;
 * - B votes the opening post up — shown as B's at once, the public score moves once the vote is
 *   stored — then down: the vote is replaced, the score counts one vote, not two;
 * - B answers the poll and sees its results; B's vote buttons are not on B's own posts;
 * - B replies with a photo carrying EXIF, GPS and XMP (and is told off for a PDF first): the
 *   image the server serves carries none of it;
 * - C, who never wrote, reads B's reply with its image, and replies: B's open page shows
 *   "1 new reply" without a reload, and shows it when asked; Quote, Copy link, a #post- link;
 * - at phone width the reply form is compact, the privacy note folded once it was read.
 * Every anonymous request went without cookie, and no thread was read within a minute of a
 * write to it by the same page.
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { buildVerifiedUser } from '../support/factories.js'
import { METADATA_SENTINELS, photoWithMetadata } from '../support/images.js'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { assertAnonymous, scrollWidth, signIn, talkPerson, type TalkTraffic } from './browser.js'

const SLUG = 'contoso-forum'
const TITLE = 'Which return-to-office plan would you pick?'
const BODY = 'Leadership is **deciding this month** <b>for real</b>. Details: https://example.com/a/very/long/path/that/should/wrap/instead/of/widening/the/page/on/a/phone/at/all'
const OPTIONS = ['Two days a week', 'Three days a week', 'Fully remote']
/** The quiet minute after a write, plus its random part and the page's few random seconds. */
const QUIET_WAIT_MS = 100_000

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>

before(async () => {
  if (skip) return
  server = await startTestServer({ env: { MIN_ANONYMITY_SET: '2', TALK_MIN_TOKEN_AGE_S: '0', TALK_MIX_WINDOW_S: '2' } })
})
after(async () => {
  await server?.close()
})

const opening = (p: Page) => p.getByRole('article', { name: /, OP$/ }).first()
const votes = (p: Page) => opening(p).getByRole('group', { name: 'Vote on this post' })

/**
 * DESIGN §2 for every anonymous write of a page, votes and poll answers included: no session read
 * of the thread within a minute after it. (browser.ts's check knows the thread of posts only.)
 */
function assertQuiet(traffic: TalkTraffic, threadId: string, quietMs = 60_000): void {
  const writes = traffic.writes.filter((w) => w.path !== '/api/v1/talk/images')
  for (const w of writes) {
    for (const r of traffic.threadReads) {
      if (r.threadId !== threadId) continue
      const after = r.at - w.at
      assert.ok(after < 0 || after >= quietMs, `GET ${r.path} came ${after} ms after ${w.request.method()} ${w.path}`)
    }
  }
}

describe('web app: a Work Talk thread as a forum (votes, polls, images, live replies)', { skip: skip ?? false }, () => {
  let a: Awaited<ReturnType<typeof talkPerson>>
  let b: Awaited<ReturnType<typeof talkPerson>>
  let c: Awaited<ReturnType<typeof talkPerson>>
  let threadUrl = ''
  let threadId = ''

  before(async () => {
    const users = [
      await buildVerifiedUser(server.app.app, server.app.ctx, SLUG),
      await buildVerifiedUser(server.app.app, server.app.ctx, SLUG),
      await buildVerifiedUser(server.app.app, server.app.ctx, SLUG),
    ]
    ;[a, b, c] = [await talkPerson(0), await talkPerson(0), await talkPerson(0)]
    for (const [p, u] of [[a, users[0]!], [b, users[1]!], [c, users[2]!]] as const) {
      await signIn(p.page, server.url, u.email, u.password)
      await p.page.getByText(/^\d+ anonymous tokens ready$/).waitFor({ timeout: 30_000 })
    }
  })
  after(async () => {
    await a?.close()
    await b?.close()
    await c?.close()
  })

  it('opens a thread with a poll: the editor checks its options first, in the composer’s error style', async () => {
    const p = a.page
    await p.goto(server.url + '/talk/new')
    await p.getByLabel('Title').fill(TITLE)
    await p.getByLabel('What do you want to say?').fill(BODY)
    await p.getByRole('button', { name: 'Add a poll' }).click()
    const poll = p.getByRole('group', { name: 'Poll' })
    await poll.getByRole('textbox', { name: 'Option 1', exact: true }).fill(OPTIONS[0]!)
    await poll.getByRole('textbox', { name: 'Option 2', exact: true }).fill(OPTIONS[0]!.toUpperCase())
    await poll.getByRole('button', { name: 'Add an option' }).click()
    await p.getByRole('button', { name: 'Post thread' }).click()
    // Nothing sent: the summary, and each problem under its option.
    await p.getByRole('alert').filter({ hasText: /./ }).first().waitFor()
    await poll.getByText('Same as option 1: make each option different.').waitFor()
    await poll.getByText('Write this option, or remove it.').waitFor()
    assert.equal(await poll.getByRole('textbox', { name: 'Option 2', exact: true }).getAttribute('aria-invalid'), 'true')
    assert.equal(a.traffic.writes.length, 0)

    await poll.getByRole('textbox', { name: 'Option 2', exact: true }).fill(OPTIONS[1]!)
    await poll.getByRole('textbox', { name: 'Option 3', exact: true }).fill(OPTIONS[2]!)
    await poll.getByLabel('Open for').selectOption({ label: '3 days' })
    await p.getByRole('button', { name: 'Post thread' }).click()
    await p.waitForURL(/\/talk\/t\/[0-9a-f-]{36}$/)
    threadUrl = p.url()
    threadId = threadUrl.split('/').pop()!
    await opening(p).getByRole('status').filter({ hasText: /^Published$/ }).waitFor({ timeout: 30_000 })
    const sent = a.traffic.writes.find((w) => w.path === '/api/v1/talk/threads')!
    const body = sent.request.postDataJSON() as { poll?: { options: string[]; closesAt: string } }
    assert.deepEqual(body.poll?.options, OPTIONS)
    const open = Date.parse(body.poll!.closesAt) - sent.at
    assert.ok(open > 71 * 3600_000 && open < 74 * 3600_000, `open for ${open / 3600_000} h`)
  })

  it('a reader sees Markdown (no raw HTML, safe links), votes up: marked at once, the score moves once stored', async () => {
    const p = b.page
    await p.goto(threadUrl)
    await p.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await opening(p).locator('strong', { hasText: 'deciding this month' }).waitFor()
    await opening(p).getByText('<b>for real</b>', { exact: false }).waitFor()
    assert.equal(await opening(p).locator('b').count(), 0, 'HTML in a post is text')
    const link = opening(p).getByRole('link', { name: /^https:\/\/example\.com\/a\/very\/long/ })
    assert.equal(await link.getAttribute('rel'), 'noopener nofollow ugc')
    await votes(p).getByText('Score 0: 0 up, 0 down').waitFor()

    await votes(p).getByRole('button', { name: 'Upvote' }).click()
    // Shown as the member's at once, marked as not counted yet.
    await votes(p).getByRole('button', { name: 'Upvote', pressed: true }).waitFor({ timeout: 3000 })
    await votes(p).getByText('Not counted yet').waitFor()
    // Stored once its mixing window is committed: the mark goes, and the public score — the
    // server's — has moved, as another member (who may read the thread at any time) sees.
    await votes(p).getByText('Not counted yet').waitFor({ state: 'detached', timeout: 30_000 })
    await c.page.goto(threadUrl)
    await votes(c.page).getByText('Score 1: 1 up, 0 down').waitFor()
    const vote = b.traffic.writes.find((w) => w.path === '/api/v1/talk/votes')!
    assert.equal((vote.request.postDataJSON() as { value: number }).value, 1)
    assert.equal((await vote.request.response())?.status(), 202, 'mixed like a post')
  })

  it('votes down on the same post: the vote is replaced, the score reflects one vote, not two', async () => {
    const p = b.page
    await votes(p).getByRole('button', { name: 'Downvote' }).click()
    await votes(p).getByRole('button', { name: 'Downvote', pressed: true }).waitFor({ timeout: 3000 })
    assert.equal(await votes(p).getByRole('button', { name: 'Upvote' }).getAttribute('aria-pressed'), 'false')
    await votes(p).getByText('Not counted yet').waitFor({ state: 'detached', timeout: 30_000 })
    await c.page.reload()
    await votes(c.page).getByText('Score -1: 0 up, 1 down').waitFor()
    const sent = b.traffic.writes.filter((w) => w.path === '/api/v1/talk/votes')
    assert.equal(sent.length, 2)
    const second = sent[1]!.request.postDataJSON() as { value: number; token?: unknown }
    assert.equal(second.value, -1)
    assert.equal(second.token, undefined, 'changing a vote spends no token')
  })

  it('answers the poll and sees its results; before that, no counts', async () => {
    const p = b.page
    const poll = p.getByRole('region', { name: 'Poll' })
    assert.equal(await poll.getByText(/\d+ answers? · \d+%/).count(), 0, 'no results before answering')
    await poll.getByRole('radio', { name: OPTIONS[1]! }).check()
    await poll.getByRole('button', { name: 'Answer' }).click()
    const mine = poll.getByRole('listitem').filter({ hasText: OPTIONS[1]! })
    await mine.getByText('your answer').waitFor()
    // The counts are the server's as last read: B's own answer is in them once stored and read again.
    await poll.getByRole('listitem').filter({ hasText: OPTIONS[0]! }).getByText(/^0 answers · 0%$/).waitFor()
    assert.equal(await poll.getByRole('radio').count(), 0, 'answers are final')
    const answer = b.traffic.writes.find((w) => /^\/api\/v1\/talk\/polls\/[^/]+\/answers$/.test(w.path))!
    assert.equal(answer.path, `/api/v1/talk/polls/${threadId}/answers`)
    assert.equal((answer.request.postDataJSON() as { option: number }).option, 1)
  })

  it('replies with a photo: a PDF is refused before anything is queued, the photo is shown back and can be removed', async () => {
    const p = b.page
    const reply = p.getByRole('region', { name: 'Reply' })
    const input = reply.locator('input[type="file"]')
    await input.setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n') })
    await reply.getByText('“notes.pdf” isn\'t a JPEG, PNG or WebP image.', { exact: false }).waitFor()
    assert.equal(await reply.getByRole('img').count(), 0)

    const photo = await photoWithMetadata('jpeg', 640, 400)
    assert.ok(photo.includes('Exif') && photo.includes('SENTINEL-EXIF-OWNER'), 'the upload carries EXIF')
    await input.setInputFiles([{ name: 'office.jpg', mimeType: 'image/jpeg', buffer: photo }, { name: 'again.jpg', mimeType: 'image/jpeg', buffer: photo }])
    await reply.getByRole('img', { name: 'Image 2 to post' }).waitFor()
    assert.equal(await reply.getByText('isn\'t a JPEG', { exact: false }).count(), 0, 'the earlier problem is gone')
    await reply.getByRole('button', { name: 'Remove image 2' }).click()
    assert.equal(await reply.getByRole('img').count(), 1)

    await reply.getByLabel('Your reply').fill('This is what the *new* floor looks like.')
    await reply.getByRole('button', { name: 'Post reply' }).click()
    const mine = p.getByRole('article', { name: /, you$/ }).filter({ hasText: 'looks like' })
    await mine.getByRole('status').filter({ hasText: /^Published$/ }).waitFor({ timeout: 30_000 })
    await reply.getByText('Your reply is posted.').waitFor()
    assert.equal(await reply.getByRole('img').count(), 0, 'the picker is empty again')
    assert.equal(await reply.getByRole('alert').count(), 0, 'no stale error after the successful post')
    const upload = b.traffic.writes.find((w) => w.path === '/api/v1/talk/images')
    assert.ok(upload, 'the image was uploaded anonymously')
    // B's own posts get no vote buttons (the server refuses a key's vote on its own post).
    assert.equal(await mine.getByRole('button', { name: 'Upvote' }).count(), 0)
  })

  it('another member reads the reply: its image is served from our origin, lazy, sized, without EXIF, GPS or XMP', async () => {
    const p = c.page
    await p.goto(threadUrl)
    const reply = p.getByRole('article', { name: /, #2$/ })
    await reply.getByText('looks like').waitFor()
    await reply.locator('em', { hasText: 'new' }).waitFor()
    const img = reply.locator('.post-images img')
    assert.equal(await img.count(), 1)
    const src = (await img.getAttribute('src'))!
    assert.match(src, /^\/api\/v1\/talk\/images\/[0-9a-f-]{36}$/)
    assert.equal(await img.getAttribute('loading'), 'lazy')
    assert.ok(Number(await img.getAttribute('width')) > 0 && Number(await img.getAttribute('height')) > 0, 'width and height reserve its room')
    const res = await c.context.request.get(server.url + src)
    assert.equal(res.status(), 200)
    assert.match(res.headers()['content-type'] ?? '', /^image\/(jpeg|png|webp)$/)
    const bytes = Buffer.from(await res.body())
    for (const marker of ['Exif', 'GPS', 'http://ns.adobe.com/xap', 'xmpmeta', ...METADATA_SENTINELS]) {
      assert.ok(!bytes.includes(marker), `the served image contains ${marker}`)
    }
    // A click opens it at full size; Escape closes it.
    await reply.getByRole('button', { name: /^Image 1 of 1 by .+: open at full size$/ }).click()
    const dialog = p.getByRole('dialog')
    await dialog.getByRole('img').waitFor()
    await p.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    // C did not answer the poll: no results shown.
    assert.equal(await p.getByRole('region', { name: 'Poll' }).getByRole('radio').count(), 3)
  })

  it('a new reply from another browser shows on the open page without a reload, behind a pill', { timeout: 200_000 }, async () => {
    const p = b.page
    // B's page reads the thread again by itself after its quiet minute: its reply gets its tag.
    await p.getByRole('article', { name: /, #2$/ }).locator('.post-images img').waitFor({ timeout: QUIET_WAIT_MS })
    assert.equal(await p.getByRole('article').count(), 2)
    // The reads after the quiet minute show the stored vote and answer.
    await votes(p).getByText('Score -1: 0 up, 1 down').waitFor()
    await p.getByRole('region', { name: 'Poll' }).getByText('1 answer', { exact: true }).waitFor()

    // C quotes B's reply and answers it.
    const q = c.page
    await q.getByRole('article', { name: /, #2$/ }).getByRole('button', { name: 'Quote' }).click()
    const box = q.getByLabel('Your reply')
    await q.waitForFunction(() => (document.getElementById('reply-body') as HTMLTextAreaElement | null)?.value.startsWith('> This is what the *new* floor looks like.'))
    assert.equal(await box.evaluate((el) => el === document.activeElement), true, 'the reply box takes the focus')
    await box.press('End')
    await box.pressSequentially('Looks bright!')
    await q.getByRole('button', { name: 'Post reply' }).click()
    await q.getByRole('article', { name: /, you$/ }).filter({ hasText: 'Looks bright!' }).getByRole('status').filter({ hasText: /^Published$/ }).waitFor({ timeout: 30_000 })

    // B: the pill, and nothing moved.
    const pill = p.getByRole('button', { name: '1 new reply — show' })
    await pill.waitFor({ timeout: 30_000 })
    assert.equal(await p.getByRole('article').count(), 2, 'not put into the page by itself')
    await pill.click()
    const theirs = p.getByRole('article', { name: /, #3$/ })
    await theirs.getByText('Looks bright!').waitFor({ timeout: 15_000 })
    await theirs.locator('blockquote', { hasText: 'This is what the' }).waitFor()
    await p.waitForFunction(() => document.activeElement?.closest('article')?.textContent?.includes('Looks bright!') ?? false)
    await pill.waitFor({ state: 'detached' })
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-forum-thread.png'), fullPage: true })
  })

  it('copy link copies the post’s address; opening it scrolls to the post', async () => {
    // A, whose last write was minutes ago: its page may read the thread at once.
    const p = a.page
    await a.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
    await p.goto(threadUrl)
    const reply = p.getByRole('article', { name: /, #2$/ })
    await reply.getByRole('button', { name: 'Copy link' }).click()
    await p.getByRole('status').filter({ hasText: 'Link to the post copied.' }).waitFor()
    const url = await p.evaluate(() => navigator.clipboard.readText())
    const postId = (await reply.getAttribute('id'))!.replace(/^post-/, '')
    assert.equal(url, `${threadUrl}#post-${postId}`)

    await p.goto(server.url + '/talk')
    await p.goto(url)
    await p.waitForFunction((id) => document.activeElement?.id === `post-${id}`, postId)
  })

  it('at phone width: a compact reply form, the privacy note folded once read, nothing wider than the screen', async () => {
    const p = a.page
    await p.setViewportSize({ width: 360, height: 800 })
    await p.goto(threadUrl)
    const reply = p.getByRole('region', { name: 'Reply' })
    await reply.getByLabel('Your reply').waitFor()
    assert.ok((await scrollWidth(p)) <= 360, 'the thread overflows at 360px')
    assert.equal(await reply.getByLabel('Your reply').getAttribute('rows'), '3')
    const folded = reply.locator('details.protection-note-folded summary', { hasText: 'What this protects against — and what not' })
    // A read the note in full at desktop width already: folded.
    await folded.waitFor()
    // As for someone who never saw it: in full, until it was on screen once…
    const marks = await p.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith('/protects-read')))
    assert.equal(marks.length, 1, 'kept under the account’s Work Talk name')
    await p.evaluate((k) => localStorage.removeItem(k), marks[0]!)
    await p.reload()
    const note = reply.getByRole('heading', { name: 'What this protects against — and what not' })
    await note.scrollIntoViewIfNeeded()
    await p.waitForTimeout(500)
    // …then folded behind a link on the next visit.
    await p.reload()
    await folded.waitFor()
    assert.equal(await reply.getByText('Nobody can link this post to your account', { exact: false }).isVisible(), false)
    await folded.click()
    await reply.getByText('Nobody can link this post to your account', { exact: false }).waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-forum-thread-360.png'), fullPage: true })
    await p.setViewportSize({ width: 1280, height: 900 })
  })

  it('every anonymous request went without cookie; no thread was read within a minute of a write', async () => {
    for (const p of [a, b, c]) {
      await assertAnonymous(p.traffic)
      assertQuiet(p.traffic, threadId)
      assert.deepEqual(p.problems, [])
    }
  })
})
