/**
 * Work Talk figures the autocannon runner cannot take (every token is single use and quotas
 * cap issuance per account): native blind signatures per second on one core and on all cores,
 * token issuance over HTTP, and anonymous posts over HTTP. Each prints its own figure.
 */
import crypto from 'node:crypto'
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import { blindSignNative } from '../server/src/services/talk/crypto/blind-sign.js'
import { generateIssuerKey } from '../server/src/services/talk/crypto/keys.js'
import { addDays, dayOf } from '../server/src/context.js'
import { createAccount } from '../server/src/services/accounts/accounts.js'
import { createCompany } from '../server/src/services/companies/companies.js'
import { createSession } from '../server/src/services/sessions/sessions.js'
import { recordEmployment } from '../server/src/services/verifications/employments.js'
import { fetchSender, IndependentClient } from '../test/support/independent-client.js'
import type { Watercooler } from './lib.js'

/** A blinded message is, to the signer, just a number below n: random ones measure the same work. */
function blindedFor(publicKey: crypto.KeyObject): Uint8Array {
  const n = Buffer.from(publicKey.export({ format: 'jwk' }).n!, 'base64url')
  const m = crypto.randomBytes(n.length)
  m[0] = m[0]! % n[0]!
  return m
}

async function signaturesOneCore(seconds: number): Promise<number> {
  const key = await generateIssuerKey()
  const msgs = Array.from({ length: 64 }, () => blindedFor(key.publicKey))
  let count = 0
  const end = performance.now() + seconds * 1000
  while (performance.now() < end) {
    blindSignNative(key.privateKey, key.publicKey, msgs[count % msgs.length]!)
    count++
  }
  return count / seconds
}

async function signaturesAllCores(seconds: number): Promise<{ perSecond: number; threads: number }> {
  const threads = os.availableParallelism()
  const source = `
    const { parentPort, workerData } = require('node:worker_threads')
    const crypto = require('node:crypto')
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 })
    const n = Buffer.from(publicKey.export({ format: 'jwk' }).n, 'base64url')
    const m = crypto.randomBytes(n.length); m[0] = m[0] % n[0]
    let count = 0
    const end = performance.now() + workerData.seconds * 1000
    while (performance.now() < end) {
      // The same two OpenSSL calls as blindSignNative: RSASP1, then the RSAVP1 check.
      const s = crypto.privateDecrypt({ key: privateKey, padding: crypto.constants.RSA_NO_PADDING }, m)
      crypto.publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_NO_PADDING }, s)
      count++
    }
    parentPort.postMessage(count)
  `
  const counts = await Promise.all(
    Array.from({ length: threads }, () => new Promise<number>((resolve, reject) => {
      const w = new Worker(source, { eval: true, workerData: { seconds } })
      w.once('message', resolve)
      w.once('error', reject)
      // A worker that ends without its count (seen twice: the run then waited for ever) fails the run instead.
      w.once('exit', (code) => reject(new Error(`a signing worker exited (code ${code}) without its count`)))
    })),
  )
  return { perSecond: counts.reduce((a, b) => a + b, 0) / seconds, threads }
}

/** Runs `jobs` with at most `concurrency` in flight; returns elapsed seconds. */
async function pool<T>(jobs: (() => Promise<T>)[], concurrency: number): Promise<number> {
  const started = performance.now()
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < jobs.length) await jobs[next++]!()
  }))
  return (performance.now() - started) / 1000
}

async function verifiedMembers(wc: Watercooler, count: number): Promise<string[]> {
  const ctx = wc.ctx
  const today = dayOf(ctx.clock.now())
  const company = await createCompany(ctx.db, `Bench Co ${crypto.randomBytes(3).toString('hex')}`, [], today)
  const cookies: string[] = []
  for (let i = 0; i < count; i++) {
    const { id } = await createAccount(ctx, { name: `Bench ${i}`, email: `bench.${crypto.randomBytes(6).toString('hex')}@example.com`, password: 'bench passphrase long' })
    await recordEmployment(ctx.db, { accountId: id, companyId: company.id, method: 'email', today: addDays(today, -1), workEmailHmac: null })
    cookies.push(`wc_session=${(await createSession(ctx, id)).token}`)
  }
  return cookies
}

export async function benchTalk(wc: Watercooler, seconds: number): Promise<string[]> {
  const lines: string[] = []
  const one = await signaturesOneCore(Math.min(seconds, 5))
  lines.push(`blind signatures (RFC 9474 BlindSign, native), 1 core:         ${Math.round(one)} /s`)
  const all = await signaturesAllCores(Math.min(seconds, 5))
  lines.push(`blind signatures (RFC 9474 BlindSign, native), ${all.threads} threads:      ${Math.round(all.perSecond)} /s   (target ≥ 1,000 /s on 2 cores)`)

  const send = fetchSender(wc.origin)
  const client = new IndependentClient(send)
  const key = (await client.directory()).find((k) => k.company === null && k.purpose === 'talk')!
  const members = await verifiedMembers(wc, 40)
  // Issuance over HTTP: 5 requests of 10 per member (the weekly quota), 20 in flight.
  const pk = crypto.createPublicKey({ key: Buffer.from(key.publicKey, 'base64url'), format: 'der', type: 'spki' })
  const blinded = Array.from({ length: 10 }, () => Buffer.from(blindedFor(pk)).toString('base64url'))
  const issue = members.flatMap((cookie) => Array.from({ length: 5 }, () => async () => {
    const res = await send({ method: 'POST', url: '/api/v1/talk/tokens', cookie, body: { keyId: key.keyId, blindedMessages: blinded } })
    if (res.status !== 200) throw new Error(`issuance: ${res.status} ${JSON.stringify(res.json)}`)
  }))
  const issueSeconds = await pool(issue, 20)
  lines.push(`POST /api/v1/talk/tokens (10 per request), HTTP:              ${Math.round((issue.length * 10) / issueSeconds)} signatures/s  (${issue.length} requests)`)

  // Anonymous posting over HTTP: real tokens, drawn first, then spent 20 in flight.
  const posters = await verifiedMembers(wc, 10)
  const tokens = (await Promise.all(posters.map((cookie) => client.fetchTokens(cookie, key.keyId, 10).then(async (a) => [...a, ...(await client.fetchTokens(cookie, key.keyId, 10))])))).flat()
  const posts = tokens.map((token, i) => async () => {
    const res = await client.openThread(token, `Bench thread ${i}`, 'A benchmark post body of ordinary length.', 'alias')
    if (res.status !== 201 && res.status !== 202) throw new Error(`post: ${res.status} ${JSON.stringify(res.json)}`)
  })
  const postSeconds = await pool(posts, 20)
  lines.push(`POST /api/v1/talk/threads (anonymous), HTTP:                  ${Math.round(posts.length / postSeconds)} posts/s  (${posts.length} posts, each verifying a token and a signature)`)
  return lines
}
