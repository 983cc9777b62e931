/**
 * Issue 11's security suite: no served image keeps what the uploader's camera or editor wrote.
 * Photos carrying GPS, camera make/model/serial, author and copyright (EXIF), XMP, IPTC, a JPEG
 * or PNG comment and an ICC profile with its own text — written by exiftool, as real tools write
 * them — go up through every upload path (profile photo, feed images, company logo, Work Talk
 * images, badge photos), and every variant the server serves back is read by exiftool
 * (`libimage-exiftool-perl`) itself, not by our own decoder.
 *
 * Without exiftool the file is skipped loudly; under CI=true that is a failure (as a missing
 * Chromium is for the browser tests).
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import sharp from 'sharp'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { IndependentClient, injectSender } from '../support/independent-client.js'
import { multipartBody } from '../support/multipart.js'

const EXIFTOOL = '/usr/bin/exiftool'
const FORMATS = ['jpeg', 'png', 'webp'] as const
type Format = (typeof FORMATS)[number]

function exiftoolUnavailable(): string | null {
  if (fs.existsSync(EXIFTOOL)) return null
  const message = `exiftool is missing at ${EXIFTOOL}: IMAGE METADATA TESTS NOT RUN. Install it with \`apt-get install libimage-exiftool-perl\`.`
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: this is a failure)`)
  process.stderr.write(`\n${'!'.repeat(78)}\n!! ${message}\n${'!'.repeat(78)}\n\n`)
  return message
}
const skip = exiftoolUnavailable()

/** Groups (exiftool -G1) that describe the file's structure, not who made it or where. */
const STRUCTURAL_GROUPS = new Set(['ExifTool', 'System', 'File', 'Composite', 'JFIF', 'PNG', 'PNG-pHYs', 'RIFF'])
/** Names that identify a person, a device or a place, in whatever group they turn up. */
const IDENTIFYING_NAME = /gps|make|model|serial|comment|author|artist|copyright|creator|by-?line|owner|xmp|iptc|icc|profile|description|keywords|city|location|software|datetimeoriginal/i
const SENTINEL = 'SENTINEL'

/**
 * What exiftool still finds in an image that should hold pixels only: every tag outside the
 * structural groups (GPS, IFD0, ExifIFD, XMP-*, IPTC, ICC_Profile, Photoshop …), any tag whose
 * name is identifying (a PNG `Comment` or `Author` text chunk, a JPEG `File:Comment`, a
 * `Composite:GPSPosition`), and any value carrying one of the fixtures' sentinels.
 */
function metadataFindings(tags: Record<string, unknown>): string[] {
  const found: string[] = []
  for (const [key, value] of Object.entries(tags)) {
    if (key === 'SourceFile') continue
    const [group = '', name = key] = key.includes(':') ? key.split(':', 2) : ['', key]
    if (!STRUCTURAL_GROUPS.has(group) || IDENTIFYING_NAME.test(name) || JSON.stringify(value).includes(SENTINEL)) found.push(`${key}=${JSON.stringify(value)}`)
  }
  return found
}

/** exiftool's reading of each image (one process for all): every group, duplicates and unknown tags too. */
function exiftoolRead(images: Buffer[]): Record<string, unknown>[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-exif-'))
  try {
    const files = images.map((img, i) => {
      const f = path.join(dir, `${i}.img`)
      fs.writeFileSync(f, img)
      return f
    })
    const out = JSON.parse(execFileSync(EXIFTOOL, ['-q', '-j', '-G1', '-a', '-u', '-ee', '-n', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Record<string, unknown>[]
    // exiftool answers in the order given; keep that explicit.
    return files.map((f) => out.find((o) => o.SourceFile === f)!)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** An ICC profile (sharp's built-in Display P3) whose description and copyright say `text`. */
async function iccWithText(text: string): Promise<Buffer> {
  const withP3 = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).withIccProfile('p3').png().toBuffer()
  const base = (await sharp(withP3).metadata()).icc!
  const count = base.readUInt32BE(128)
  const utf16 = Buffer.from(text, 'utf16le').swap16()
  const mluc = Buffer.alloc(28 + utf16.length)
  mluc.write('mluc', 0, 'latin1')
  mluc.writeUInt32BE(1, 8)
  mluc.writeUInt32BE(12, 12)
  mluc.write('enUS', 16, 'latin1')
  mluc.writeUInt32BE(utf16.length, 20)
  mluc.writeUInt32BE(28, 24)
  utf16.copy(mluc, 28)
  const table = Buffer.alloc(4 + 12 * count)
  table.writeUInt32BE(count, 0)
  const data: Buffer[] = []
  let offset = 128 + table.length
  for (let i = 0; i < count; i++) {
    const entry = 132 + i * 12
    const sig = base.toString('latin1', entry, entry + 4)
    const own = base.subarray(base.readUInt32BE(entry + 4), base.readUInt32BE(entry + 4) + base.readUInt32BE(entry + 8))
    const tag = sig === 'desc' || sig === 'cprt' ? mluc : own
    table.write(sig, 4 + i * 12, 'latin1')
    table.writeUInt32BE(offset, 8 + i * 12)
    table.writeUInt32BE(tag.length, 12 + i * 12)
    const padded = Buffer.concat([tag, Buffer.alloc((4 - (tag.length % 4)) % 4)])
    data.push(padded)
    offset += padded.length
  }
  const profile = Buffer.concat([base.subarray(0, 128), table, ...data])
  profile.writeUInt32BE(profile.length, 0)
  profile.fill(0, 84, 100) // the profile id (an MD5 of the rest) no longer matches: zero means "not computed"
  return profile
}

/** A small photo of `format` with everything a phone and an editor write, by exiftool. */
async function taggedPhoto(format: Format, icc: string, width = 320, height = 240): Promise<Buffer> {
  const img = sharp({ create: { width, height, channels: 3, background: '#3355aa' } })
  const plain = await (format === 'jpeg' ? img.jpeg() : format === 'png' ? img.png() : img.webp()).toBuffer()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-exif-'))
  const file = path.join(dir, `photo.${format}`)
  try {
    fs.writeFileSync(file, plain)
    const comment = format === 'jpeg' ? ['-Comment=SENTINEL-COMMENT'] : format === 'png' ? ['-PNG:Comment=SENTINEL-COMMENT', '-PNG:Author=SENTINEL-AUTHOR'] : []
    execFileSync(EXIFTOOL, [
      '-q', '-overwrite_original',
      '-GPSLatitude=51.5007', '-GPSLatitudeRef=N', '-GPSLongitude=0.1246', '-GPSLongitudeRef=W',
      '-EXIF:Make=SENTINEL-MAKE', '-EXIF:Model=SENTINEL-MODEL', '-EXIF:SerialNumber=SENTINEL-SERIAL',
      '-EXIF:Artist=SENTINEL-AUTHOR', '-EXIF:Copyright=SENTINEL-AUTHOR', '-EXIF:UserComment=SENTINEL-COMMENT',
      '-XMP-dc:Creator=SENTINEL-XMP', '-XMP-photoshop:City=SENTINEL-XMP-CITY',
      ...(format === 'webp' ? [] : ['-IPTC:By-line=SENTINEL-IPTC', '-IPTC:City=SENTINEL-IPTC-CITY']),
      ...comment,
      `-ICC_Profile<=${icc}`,
      file,
    ])
    return fs.readFileSync(file)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const CATEGORIES: [string, RegExp][] = [
  ['GPS', /^GPS:/],
  ['Make', /:Make=/],
  ['Model', /:Model=/],
  ['Comment', /Comment=/],
  ['XMP', /^XMP-/],
  ['IPTC', /^IPTC:/],
  ['ICC', /^ICC_Profile:/],
  ['author', /:(Artist|Author|Creator|By-line)=/],
]

let t: TestApp
let iccFile = ''
const photos = new Map<Format, Buffer>()

before(async () => {
  if (skip) return
  t = await buildTestApp({ env: { MIN_ANONYMITY_SET: '2' } })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-icc-'))
  iccFile = path.join(dir, 'sentinel.icc')
  fs.writeFileSync(iccFile, await iccWithText('SENTINEL-ICC-TEXT'))
  for (const f of FORMATS) photos.set(f, await taggedPhoto(f, iccFile))
})
after(async () => {
  await t?.close()
  if (iccFile) fs.rmSync(path.dirname(iccFile), { recursive: true, force: true })
})

const upload = (method: 'POST' | 'PUT', url: string, cookie: string | undefined, parts: Parameters<typeof multipartBody>[0]) => {
  const body = multipartBody(parts)
  return t.app.inject({ method, url, headers: { ...body.headers, ...(cookie && { cookie }) }, payload: body.payload })
}
const get = async (url: string, cookie?: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} })
  assert.equal(res.statusCode, 200, `GET ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`)
  assert.match(String(res.headers['content-type']), /^image\//)
  return res.rawPayload
}

/** Each served variant's findings, named; every list must be empty. */
function findingsOf(served: [string, Buffer][]): Record<string, string[]> {
  const read = exiftoolRead(served.map(([, b]) => b))
  const out: Record<string, string[]> = {}
  served.forEach(([name, body], i) => {
    const found = metadataFindings(read[i]!)
    if (body.includes(SENTINEL)) found.push('a sentinel in the raw bytes')
    out[name] = found
  })
  return out
}
const clean = (served: [string, Buffer][]) => Object.fromEntries(served.map(([n]) => [n, [] as string[]]))

describe('served images keep no metadata (exiftool)', { skip: skip ?? false }, () => {
  it('the fixtures carry GPS, Make, Model, Comment, XMP, IPTC, ICC text and author fields, and the checker reports each (the planted defect)', () => {
    // Serving the upload as it came is the defect this file looks for: the checker must see it.
    const read = exiftoolRead(FORMATS.map((f) => photos.get(f)!))
    FORMATS.forEach((f, i) => {
      const found = metadataFindings(read[i]!)
      for (const [category, pattern] of CATEGORIES) {
        if (category === 'IPTC' && f === 'webp') continue // exiftool writes no IPTC into WebP
        assert.ok(found.some((x) => pattern.test(x)), `${f}: ${category} reported in ${found.join(', ')}`)
      }
    })
  })

  it('a plain re-encode passes the checker (it does not fire on pixels alone)', async () => {
    const bare = await Promise.all(FORMATS.map((f) => (f === 'jpeg' ? sharp(photos.get(f)!).jpeg() : f === 'png' ? sharp(photos.get(f)!).png() : sharp(photos.get(f)!).webp()).toBuffer()))
    const read = exiftoolRead(bare)
    assert.deepEqual(read.map(metadataFindings), [[], [], []])
  })

  it('profile photos: both served sizes, as the owner and as another member see them', async () => {
    const [me, viewer] = [await signUp(t.app), await signUp(t.app)]
    const served: [string, Buffer][] = []
    for (const f of FORMATS) {
      const res = await upload('PUT', '/api/v1/me/photo', me.cookie, [{ name: 'photo', value: photos.get(f)!, filename: `me.${f}`, type: `image/${f}` }])
      assert.equal(res.statusCode, 200, res.body)
      const { photoUrl, avatarUrl } = res.json() as { photoUrl: string; avatarUrl: string }
      served.push([`${f} page (owner)`, await get(photoUrl, me.cookie)], [`${f} avatar (owner)`, await get(avatarUrl, me.cookie)])
      served.push([`${f} page (viewer)`, await get(photoUrl, viewer.cookie)], [`${f} avatar (viewer)`, await get(avatarUrl, viewer.cookie)])
    }
    assert.deepEqual(findingsOf(served), clean(served))
  })

  it('feed images: the uploader’s unattached upload and the image of a post, as a reader sees it', async () => {
    const [a, reader] = [await signUp(t.app), await signUp(t.app)]
    const served: [string, Buffer][] = []
    for (const f of FORMATS) {
      const res = await upload('POST', '/api/v1/feed/images', a.cookie, [{ name: 'image', value: photos.get(f)!, filename: `p.${f}`, type: `image/${f}` }])
      assert.equal(res.statusCode, 201, res.body)
      const { imageId } = res.json() as { imageId: string }
      served.push([`${f} own upload`, await get(`/api/v1/feed/images/${imageId}`, a.cookie)])
      const post = await t.app.inject({ method: 'POST', url: '/api/v1/feed/posts', headers: { cookie: a.cookie }, payload: { body: `a ${f}`, imageIds: [imageId] } })
      assert.equal(post.statusCode, 201, post.body)
      const url = (post.json() as { images: { url: string }[] }).images[0]!.url
      served.push([`${f} in a post (reader)`, await get(url, reader.cookie)])
    }
    assert.deepEqual(findingsOf(served), clean(served))
  })

  it('company logos: uploaded by an admin and by a representative, served to anyone', async () => {
    const admin = await signUp(t.app)
    await t.ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', admin.id).execute()
    const rep = await buildVerifiedUser(t.app, t.ctx, 'exif-logo-co')
    const company = await t.ctx.db.selectFrom('company').select('id').where('slug', '=', 'exif-logo-co').executeTakeFirstOrThrow()
    await t.ctx.db.insertInto('companyRepresentative').values({ companyId: company.id, accountId: rep.id, grantedOn: '2026-01-01' }).execute()
    const served: [string, Buffer][] = []
    for (const f of FORMATS) {
      for (const [who, cookie] of [['admin', admin.cookie], ['representative', rep.cookie]] as const) {
        const res = await upload('PUT', '/api/v1/companies/exif-logo-co/logo', cookie, [{ name: 'logo', value: photos.get(f)!, filename: `logo.${f}`, type: `image/${f}` }])
        assert.equal(res.statusCode, 204, res.body)
        served.push([`${f} logo by ${who}`, await get('/api/v1/companies/exif-logo-co/logo')])
      }
    }
    assert.deepEqual(findingsOf(served), clean(served))
  })

  it('Work Talk images: uploaded with a token, attached to a thread, served to a reader', async () => {
    const [writer, reader] = [await buildVerifiedUser(t.app, t.ctx, 'exif-talk-co'), await buildVerifiedUser(t.app, t.ctx, 'exif-talk-co')]
    const client = new IndependentClient(injectSender(t.app))
    const key = (await client.directory()).find((k) => k.company === null && k.purpose === 'talk')!
    const tokens = await client.fetchTokens(writer.cookie, key.keyId, FORMATS.length)
    const served: [string, Buffer][] = []
    for (const [i, f] of FORMATS.entries()) {
      const token = tokens[i]!
      const res = await upload('POST', '/api/v1/talk/images', undefined, [
        { name: 'token', value: JSON.stringify(token) },
        { name: 'file', value: photos.get(f)!, filename: `shot.${f}`, type: `image/${f}` },
      ])
      assert.equal(res.statusCode, 201, res.body)
      const opened = await client.openThread(token, `A ${f} screenshot`, 'See attached', 'alias', undefined, undefined, { imageIds: [(res.json() as { imageId: string }).imageId] })
      assert.equal(opened.status, 201, JSON.stringify(opened.json))
      const thread = (await t.app.inject({ method: 'GET', url: `/api/v1/talk/threads/${opened.json.threadId}`, headers: { cookie: reader.cookie } })).json() as { posts: { images: { url: string }[] }[] }
      served.push([`${f} in a thread (reader)`, await get(thread.posts[0]!.images[0]!.url, reader.cookie)])
    }
    assert.deepEqual(findingsOf(served), clean(served))
  })

  it('badge photos: the member’s own view and the reviewer’s', async () => {
    const reviewer = await signUp(t.app)
    await t.ctx.db.updateTable('account').set({ role: 'reviewer' }).where('id', '=', reviewer.id).execute()
    const served: [string, Buffer][] = []
    for (const f of FORMATS) {
      // A member of their own for each: 3 photos may wait per account, and that limit is not the point here.
      const member = await signUp(t.app)
      const res = await upload('POST', '/api/v1/verifications/badge', member.cookie, [
        { name: 'companyName', value: 'Initrode' },
        { name: 'photo', value: photos.get(f)!, filename: `badge.${f}`, type: `image/${f}` },
      ])
      assert.equal(res.statusCode, 202, res.body)
      const { submissionId } = res.json() as { submissionId: string }
      served.push([`${f} badge (member)`, await get(`/api/v1/verifications/badge/${submissionId}/photo`, member.cookie)])
      served.push([`${f} badge (reviewer)`, await get(`/api/v1/reviews/badges/${submissionId}/photo`, reviewer.cookie)])
    }
    assert.deepEqual(findingsOf(served), clean(served))
  })
})
