import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { before, describe, it } from 'node:test'
import {
  checkDirectory,
  KeyCheckError,
  type KeyCheckReason,
  type KeyLogEntry,
  keyLogEntryHash,
  retirementEntryFields,
  retirementOf,
  retirementsOf,
  scopeOf,
  verifyKeyLog,
} from '../../shared/src/talk/key-check.js'
import type { KeyDirectoryEntry } from '../../shared/src/talk/wallet.js'

type Scope = { company: string | null; purpose: string; epoch: string }
type Issuer = { keyId: string; publicKey: string }

/** A fresh issuer key, named the way the server names it (computed here with node:crypto). */
async function issuerKey(): Promise<Issuer> {
  const pair = await crypto.subtle.generateKey(
    { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-384' },
    true,
    ['sign', 'verify'],
  )
  const spki = Buffer.from(await crypto.subtle.exportKey('spki', pair.publicKey))
  return { keyId: createHash('sha256').update(spki).digest('base64url'), publicKey: spki.toString('base64url') }
}

/** A log as an honest server appends it, one entry per (key, scope). */
function buildLog(items: { keyId: string; scope: Scope }[]): KeyLogEntry[] {
  const entries: KeyLogEntry[] = []
  for (const [i, { keyId, scope }] of items.entries()) {
    const { company, purpose, epoch } = scope
    const unhashed = { seq: i + 1, keyId, company, purpose, epoch, prevHash: entries.at(-1)?.hash ?? '' }
    entries.push({ ...unhashed, hash: keyLogEntryHash(unhashed) })
  }
  return entries
}

const listing = (issuer: Issuer, scope: Scope): KeyDirectoryEntry => ({ keyId: issuer.keyId, ...scope, publicKey: issuer.publicKey })

/** Matches a KeyCheckError with exactly this reason. */
const because = (reason: KeyCheckReason) => (err: unknown) => {
  assert.ok(err instanceof KeyCheckError, `expected a KeyCheckError, got ${String(err)}`)
  assert.equal(err.reason, reason)
  return true
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(value)) deepFreeze(v)
  return Object.freeze(value)
}

const acmeW48: Scope = { company: 'acme', purpose: 'talk', epoch: '2026-W48' }
const acmeW49: Scope = { company: 'acme', purpose: 'talk', epoch: '2026-W49' }
const proW48: Scope = { company: null, purpose: 'talk', epoch: '2026-W48' }
const acmeFormerW48: Scope = { company: 'acme', purpose: 'talk-former', epoch: '2026-W48' }

describe('keyLogEntryHash', () => {
  it('hashes an entry as base64url(SHA-256(JSON of its fields)), byte for byte what the server logs', () => {
    const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url')
    const keyA = 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg'
    const keyB = '47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU'
    const first = { seq: 1, keyId: keyA, company: null, purpose: 'talk', epoch: '2026-W48', prevHash: '' }
    const firstHash = sha(`[1,"${keyA}",null,"talk","2026-W48",""]`)
    assert.equal(keyLogEntryHash(first), firstHash)
    assert.equal(firstHash, '3FyE1EjWFRqjQqj7czwi-BpFDL_NM_MhXsOWnt78Df0')
    const second = { seq: 2, keyId: keyB, company: 'acme', purpose: 'talk-former', epoch: '2026-W48', prevHash: firstHash }
    assert.equal(keyLogEntryHash(second), sha(`[2,"${keyB}","acme","talk-former","2026-W48","${firstHash}"]`))
    assert.match(keyLogEntryHash(second), /^[A-Za-z0-9_-]{43}$/)
    // Only the six hashed fields count; an entry carrying its own hash hashes the same.
    assert.equal(keyLogEntryHash({ ...first, hash: 'anything' } as KeyLogEntry), firstHash)
  })
})

describe('the key log', () => {
  let keys: Issuer[]
  let log: KeyLogEntry[]
  before(async () => {
    keys = await Promise.all([issuerKey(), issuerKey(), issuerKey(), issuerKey()])
    log = buildLog([
      { keyId: keys[0]!.keyId, scope: acmeW48 },
      { keyId: keys[1]!.keyId, scope: proW48 },
      { keyId: keys[2]!.keyId, scope: acmeFormerW48 },
    ])
  })

  it('accepts a well-formed log and returns its head', () => {
    assert.deepEqual(verifyKeyLog(deepFreeze(structuredClone(log))), { seq: 3, hash: log[2]!.hash })
    assert.deepEqual(verifyKeyLog([]), { seq: 0, hash: '' })
    assert.deepEqual(verifyKeyLog([], { seq: 0, hash: '' }), { seq: 0, hash: '' })
  })

  it('accepts a log extended by new entries against the head seen before', () => {
    const known = verifyKeyLog(log.slice(0, 2))
    const longer = buildLog([...log.map((e) => ({ keyId: e.keyId, scope: e })), { keyId: keys[3]!.keyId, scope: acmeW49 }])
    assert.deepEqual(verifyKeyLog(longer, known), { seq: 4, hash: longer[3]!.hash })
    assert.deepEqual(verifyKeyLog(log, verifyKeyLog(log)), verifyKeyLog(log))
  })

  it('accepts retirement entries (a company merged) in the same hashed shape, and reads what they say', () => {
    const retired = [keys[0]!, keys[2]!].map((k, i) => {
      const own = log.find((e) => e.keyId === k.keyId)!
      return { ...retirementEntryFields(own, 'acme-group'), seq: 0, prevHash: '', hash: '', i }
    })
    const longer = buildLog([...log.map((e) => ({ keyId: e.keyId, scope: e })), ...retired.map((r) => ({ keyId: r.keyId, scope: r }))])
    assert.deepEqual(verifyKeyLog(longer, verifyKeyLog(log)), { seq: 5, hash: longer[4]!.hash })
    assert.deepEqual(retirementOf(longer[3]!), { keyId: keys[0]!.keyId, purpose: 'talk', into: 'acme-group' })
    assert.deepEqual(retirementOf(longer[4]!), { keyId: keys[2]!.keyId, purpose: 'talk-former', into: 'acme-group' })
    assert.equal(retirementOf(longer[0]!), null, 'a key’s own entry')
    assert.deepEqual([...retirementsOf(longer)], [[keys[0]!.keyId, 'acme-group'], [keys[2]!.keyId, 'acme-group']])
    // A retirement's purpose must say so: a keyId that merely looks like one retires nothing.
    assert.equal(retirementOf({ keyId: `retired:${keys[1]!.keyId}:into:x`, purpose: 'talk' }), null)
  })

  it('refuses an entry whose hash was flipped', () => {
    const flipped = structuredClone(log)
    const h = flipped[2]!.hash
    flipped[2]!.hash = (h[0] === 'A' ? 'B' : 'A') + h.slice(1)
    assert.throws(() => verifyKeyLog(flipped), because('bad_hash'))
  })

  it('refuses an entry edited without its hash', () => {
    const edited = structuredClone(log)
    edited[1]!.company = 'acme-corp'
    assert.throws(() => verifyKeyLog(edited), because('bad_hash'))
  })

  it('refuses a log with an entry removed', () => {
    assert.throws(() => verifyKeyLog([log[0]!, log[2]!]), because('not_contiguous'))
    assert.throws(() => verifyKeyLog(log.slice(1)), because('not_contiguous'))
  })

  it('refuses a log with its entries reordered', () => {
    assert.throws(() => verifyKeyLog([log[0]!, log[2]!, log[1]!]), because('not_contiguous'))
  })

  it('refuses an entry renumbered over a removed one, since it does not chain to the one before it', () => {
    const { hash: _, ...third } = { ...log[2]!, seq: 2 }
    assert.throws(() => verifyKeyLog([log[0]!, { ...third, hash: keyLogEntryHash(third) }]), because('broken_chain'))
  })

  it('refuses a log listing a second key for one company, purpose and epoch', () => {
    const tagging = buildLog([...log.map((e) => ({ keyId: e.keyId, scope: e })), { keyId: keys[3]!.keyId, scope: acmeW48 }])
    assert.throws(() => verifyKeyLog(tagging), because('duplicate_scope'))
  })

  it('refuses a log listing one key for two scopes', () => {
    const twice = buildLog([...log.map((e) => ({ keyId: e.keyId, scope: e })), { keyId: keys[0]!.keyId, scope: acmeW49 }])
    assert.throws(() => verifyKeyLog(twice), because('duplicate_key'))
  })

  it('refuses a log rewritten under a head seen before', () => {
    const known = verifyKeyLog(log)
    // Same length, valid chain, but the second key was swapped for another one.
    const rewritten = buildLog([
      { keyId: keys[0]!.keyId, scope: acmeW48 },
      { keyId: keys[3]!.keyId, scope: proW48 },
      { keyId: keys[2]!.keyId, scope: acmeFormerW48 },
    ])
    assert.doesNotThrow(() => verifyKeyLog(rewritten))
    assert.throws(() => verifyKeyLog(rewritten, known), because('rewritten'))
    assert.throws(() => verifyKeyLog(rewritten, verifyKeyLog(log.slice(0, 2))), because('rewritten'))
    // The first entry is unchanged, so against a head that old the rewrite is not visible.
    assert.doesNotThrow(() => verifyKeyLog(rewritten, verifyKeyLog(log.slice(0, 1))))
  })

  it('cannot, alone, see a split view served from its very first look: only comparing heads does (the limit docs/THREAT-MODEL.md states)', () => {
    // The server shows one victim a log of its own, with the victim's key in the shared key's
    // place, from the first time that browser looks. It is well formed, so the browser accepts it.
    const forked = buildLog([
      { keyId: keys[0]!.keyId, scope: acmeW48 },
      { keyId: keys[3]!.keyId, scope: proW48 },
      { keyId: keys[2]!.keyId, scope: acmeFormerW48 },
    ])
    const victim = verifyKeyLog(forked)
    const everyoneElse = verifyKeyLog(log)
    assert.equal(victim.seq, everyoneElse.seq)
    // What gives it away is the head (the About page shows it): it differs from everyone else's.
    assert.notEqual(victim.hash, everyoneElse.hash)
    // And once the victim has seen the real head, the fork is refused.
    assert.throws(() => verifyKeyLog(forked, everyoneElse), because('rewritten'))
  })

  it('refuses a log shorter than a head seen before', () => {
    assert.throws(() => verifyKeyLog(log.slice(0, 2), verifyKeyLog(log)), because('truncated'))
    assert.throws(() => verifyKeyLog([], verifyKeyLog(log)), because('truncated'))
  })

  it('refuses an entry with fields of the wrong type', () => {
    const numeric = structuredClone(log) as unknown as Record<string, unknown>[]
    numeric[1]!.company = 42
    assert.throws(() => verifyKeyLog(numeric as unknown as KeyLogEntry[]), because('malformed'))
    assert.throws(() => verifyKeyLog([null] as unknown as KeyLogEntry[]), because('malformed'))
  })
})

describe('the key directory', () => {
  let acme: Issuer
  let anyPro: Issuer
  let acmeNext: Issuer
  let rogue: Issuer
  let log: KeyLogEntry[]
  let directory: KeyDirectoryEntry[]
  before(async () => {
    ;[acme, anyPro, acmeNext, rogue] = (await Promise.all([issuerKey(), issuerKey(), issuerKey(), issuerKey()])) as [Issuer, Issuer, Issuer, Issuer]
    log = buildLog([
      { keyId: acme.keyId, scope: acmeW48 },
      { keyId: anyPro.keyId, scope: proW48 },
    ])
    directory = [listing(acme, acmeW48), listing(anyPro, proW48)]
  })

  it('accepts keys that are all in the log, pins them, and leaves its inputs alone', async () => {
    const earlier = { [scopeOf({ company: 'acme', purpose: 'talk', epoch: '2026-W47' })]: rogue.keyId }
    const pins = await checkDirectory(deepFreeze(structuredClone(directory)), deepFreeze(structuredClone(log)), deepFreeze({ ...earlier }))
    assert.deepEqual(pins, { ...earlier, [scopeOf(acmeW48)]: acme.keyId, [scopeOf(proW48)]: anyPro.keyId })
    // Next time, with those pins, the same directory still passes and the pins stay as they are.
    assert.deepEqual(await checkDirectory(directory, log, pins), pins)
  })

  it("accepts two keys of one company and purpose with different epochs, on an epoch's last day", async () => {
    const lastDayLog = buildLog([...log.map((e) => ({ keyId: e.keyId, scope: e })), { keyId: acmeNext.keyId, scope: acmeW49 }])
    const lastDay = [...directory, listing(acmeNext, acmeW49)]
    const pins = await checkDirectory(lastDay, lastDayLog, await checkDirectory(directory, log, {}))
    assert.equal(pins[scopeOf(acmeW48)], acme.keyId)
    assert.equal(pins[scopeOf(acmeW49)], acmeNext.keyId)
  })

  it("names scopes unambiguously, so one scope's pin cannot be passed off as another's", () => {
    assert.notEqual(scopeOf({ company: null, purpose: 'talk', epoch: '2026-W48' }), scopeOf({ company: '', purpose: 'talk', epoch: '2026-W48' }))
    assert.notEqual(scopeOf({ company: 'a|talk', purpose: 'x', epoch: 'y' }), scopeOf({ company: 'a', purpose: 'talk|x', epoch: 'y' }))
  })

  it('refuses a key whose keyId is not the hash of its public key', async () => {
    const swapped = [{ ...listing(acme, acmeW48), publicKey: anyPro.publicKey }, listing(anyPro, proW48)]
    await assert.rejects(checkDirectory(swapped, log, {}), because('bad_key_id'))
    const garbled = [{ ...listing(acme, acmeW48), publicKey: 'not base64url!' }]
    await assert.rejects(checkDirectory(garbled, log, {}), because('bad_key_id'))
  })

  it('refuses a directory listing two keys for one scope', async () => {
    await assert.rejects(checkDirectory([...directory, listing(rogue, acmeW48)], log, {}), because('two_keys_one_scope'))
  })

  it('refuses a key missing from the log', async () => {
    await assert.rejects(checkDirectory([...directory, listing(rogue, acmeFormerW48)], log, {}), because('missing_from_log'))
  })

  it('refuses a key the log lists under another company, purpose or epoch', async () => {
    await assert.rejects(checkDirectory([listing(acme, acmeFormerW48)], log, {}), because('mismatch_with_log'))
    await assert.rejects(checkDirectory([listing(anyPro, { ...proW48, company: 'acme' })], log, {}), because('mismatch_with_log'))
  })

  it('refuses a pinned scope whose key changed, even when the log served with it agrees', async () => {
    const pins = await checkDirectory(directory, log, {})
    // A forked view: a log and directory made for this member alone, with a key of its own.
    const forkedLog = buildLog([
      { keyId: rogue.keyId, scope: acmeW48 },
      { keyId: anyPro.keyId, scope: proW48 },
    ])
    const forked = [listing(rogue, acmeW48), listing(anyPro, proW48)]
    assert.ok(await checkDirectory(forked, forkedLog, {}))
    await assert.rejects(checkDirectory(forked, forkedLog, pins), because('pin_mismatch'))
  })

  it('refuses a directory whose log breaks its own rules', async () => {
    const tagging = buildLog([...log.map((e) => ({ keyId: e.keyId, scope: e })), { keyId: rogue.keyId, scope: acmeW48 }])
    await assert.rejects(checkDirectory(directory, tagging, {}), because('duplicate_scope'))
    const flipped = structuredClone(log)
    flipped[0]!.hash = flipped[1]!.hash
    await assert.rejects(checkDirectory(directory, flipped, {}), because('bad_hash'))
  })
})
