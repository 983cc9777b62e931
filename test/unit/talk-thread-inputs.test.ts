/**
 * The thread page's composer checks, without a browser: a poll's options and closing time
 * (components/talk/thread/poll-input.ts, under the server's pointers) and picked images
 * (image-checks.ts: by their bytes, within the size and the post's allowance).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TFunction } from 'i18next'
import { TALK_FORUM } from '../../shared/src/api/limits.js'
import { checkImages } from '../../web/src/components/talk/thread/image-checks.js'
import { POLL_DURATIONS, pollClosesAt, pollFieldErrors, pollFromDraft, pollPointer, pollToDraft } from '../../web/src/components/talk/thread/poll-input.js'

const t = ((key: string, vars?: Record<string, unknown>) => (vars ? `${key} ${JSON.stringify(vars)}` : key)) as unknown as TFunction
const HOUR = 3600_000
const NOW = Date.parse('2026-12-01T10:00:30Z')

describe('poll input', () => {
  it('wants every option written, distinct (case aside) and short enough, under /poll/options/<i>', () => {
    const long = 'x'.repeat(TALK_FORUM.poll.optionLength + 1)
    const fields = pollFieldErrors(t, { options: ['Yes', ' ', 'yes', long], duration: 'week1' })
    assert.deepEqual(Object.keys(fields).sort(), ['/poll/options/1', '/poll/options/2', '/poll/options/3'])
    assert.match(fields['/poll/options/1']!, /optionRequired/)
    assert.match(fields['/poll/options/2']!, /optionDuplicate.*"n":1/)
    assert.match(fields['/poll/options/3']!, /optionTooLong/)
    assert.deepEqual(pollFieldErrors(t, { options: ['Yes', 'No'], duration: 'week1' }), {})
  })

  it('counts options: between 2 and 6', () => {
    assert.match(pollFieldErrors(t, { options: ['Only one'], duration: 'day1' })['/poll/options']!, /tooFew/)
    assert.match(pollFieldErrors(t, { options: ['1', '2', '3', '4', '5', '6', '7'], duration: 'day1' })['/poll/options']!, /tooMany/)
  })

  it('closes on a whole hour within the server’s range for every preset', () => {
    for (const d of POLL_DURATIONS) {
      const at = Date.parse(pollClosesAt(d.key, NOW))
      assert.equal(at % HOUR, 0)
      const open = (at - NOW) / 1000
      assert.ok(open >= TALK_FORUM.poll.minOpenS && open <= TALK_FORUM.poll.maxOpenS, `${d.key}: ${open} s`)
    }
  })

  it('goes to a draft and back as the same duration, also a while later', () => {
    const saved = pollToDraft({ options: ['A', 'B'], duration: 'days3' }, NOW)
    assert.deepEqual(pollFromDraft(saved, NOW + 5 * 60_000), { options: ['A', 'B'], duration: 'days3' })
    assert.equal(pollFromDraft(undefined), null)
    assert.equal(pollFromDraft({ options: ['A', 'B'], closesAt: new Date(NOW + 20 * HOUR).toISOString() }, NOW)?.duration, 'day1')
  })

  it('maps the server’s pointers onto the editor', () => {
    assert.equal(pollPointer('/poll/options/1', 3), '/poll/options/1')
    assert.equal(pollPointer('/poll/options/5', 3), '/poll/options')
    assert.equal(pollPointer('/poll/options', 3), '/poll/options')
    assert.equal(pollPointer('/poll/closesAt', 3), '/poll/closesAt')
    assert.equal(pollPointer('/body', 3), null)
  })
})

describe('picked images', () => {
  const jpeg = (name: string, size = 1000) => new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), new Uint8Array(size)], name, { type: 'image/jpeg' })
  const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])], 'a.png')
  const webp = new File([new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ')], 'b.webp')

  it('takes JPEG, PNG and WebP by their bytes, whatever the name or type says', async () => {
    const renamed = new File([new TextEncoder().encode('%PDF-1.7 …')], 'photo.jpg', { type: 'image/jpeg' })
    const heic = new File([new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63])], 'IMG_0001.HEIC', { type: 'image/heic' })
    const { ok, problems } = await checkImages([jpeg('a.jpg'), png, webp, renamed, heic], 0)
    assert.deepEqual(ok.map((f) => f.name), ['a.jpg', 'a.png', 'b.webp'])
    assert.deepEqual(problems, [
      { code: 'type', name: 'photo.jpg', type: 'image/jpeg' },
      { code: 'type', name: 'IMG_0001.HEIC', type: 'image/heic' },
    ])
  })

  it('refuses files over the size limit and empty ones, and keeps the post’s allowance', async () => {
    const big = jpeg('big.jpg', TALK_FORUM.images.maxBytes)
    const empty = new File([], 'empty.jpg', { type: 'image/jpeg' })
    const r = await checkImages([big, empty, jpeg('1.jpg'), jpeg('2.jpg'), jpeg('3.jpg')], 2)
    assert.deepEqual(r.ok.map((f) => f.name), ['1.jpg', '2.jpg'])
    assert.deepEqual(r.problems.map((p) => p.code), ['size', 'unreadable', 'count'])
    assert.deepEqual(r.problems[2], { code: 'count', dropped: 1 })
  })
})
