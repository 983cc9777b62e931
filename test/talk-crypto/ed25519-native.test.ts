import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { describe, it } from 'node:test'
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha512 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { canBeStrictKey, opensslAccepts, verifyBytesNative } from '../../server/src/anon/crypto/ed25519.js'
import { toBase64url } from '../../shared/src/talk/base64url.js'
import { newMasterSecret, threadKey } from '../../shared/src/talk/pseudonyms.js'
import {
  type Author,
  type PostFieldsV2,
  signAnyPost,
  signBytes,
  signWriteState,
  verifyAnyPostSignature,
  verifyBytes,
  verifyWriteState,
} from '../../shared/src/talk/signing.js'

/**
 * The server's verifier (OpenSSL where it agrees, server/src/anon/crypto/ed25519.ts) against the
 * one it replaces (shared verifyBytes: @noble/curves, zip215 off): the same answer on every input,
 * and OpenSSL's fast "valid" never where the library says "invalid". OpenSSL on its own is
 * asked too, to show the differences the wrapper exists for.
 */

const Point = ed25519.Point
type EdPoint = ReturnType<typeof Point.fromBytes>
const P = Point.Fp.ORDER
const L = Point.Fn.ORDER
const unhex = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'))
const le = (b: Uint8Array) => b.reduceRight((n, byte) => (n << 8n) | BigInt(byte), 0n)
const toLE = (n: bigint, length = 32) => {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++, n >>= 8n) out[i] = Number(n & 0xffn)
  return out
}
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts))
const author = (signature: Uint8Array, publicKey: Uint8Array): Author => ({ publicKey: toBase64url(publicKey), signature: toBase64url(signature) })
const utf8 = (s: string) => new TextEncoder().encode(s)

/** OpenSSL alone (what node:crypto says, with no checks of ours). */
function openssl(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    const key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: toBase64url(publicKey) }, format: 'jwk' })
    return crypto.verify(null, message, key, signature)
  } catch {
    return false
  }
}

/** Both verifiers on one input: asserts they agree and that the fast path is sound; returns the verdicts. */
function compare(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array, note = '') {
  const a = author(signature, publicKey)
  const current = verifyBytes(a, message)
  const native = verifyBytesNative(a, message)
  const fast = opensslAccepts(signature, message, publicKey)
  const raw = openssl(signature, message, publicKey)
  const where = `${note} sig=${Buffer.from(signature).toString('hex')} pk=${Buffer.from(publicKey).toString('hex')} msg=${Buffer.from(message).toString('hex')}`
  assert.equal(native, current, `native ${native} vs current ${current}: ${where}`)
  assert.ok(!fast || current, `OpenSSL's fast path accepted what the current verifier refuses: ${where}`)
  return { current, raw, fast }
}

/** H(R ‖ A ‖ M) mod L, over the bytes as sent. */
const challenge = (R: Uint8Array, A: Uint8Array, M: Uint8Array) => le(sha512(concat(R, A, M))) % L

// The eight points of small order, canonically encoded. The test checks that they are the torsion subgroup.
const SMALL_ORDER = [
  '0100000000000000000000000000000000000000000000000000000000000000', // identity
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // order 2 (y = p − 1)
  '0000000000000000000000000000000000000000000000000000000000000000', // order 4 (y = 0)
  '0000000000000000000000000000000000000000000000000000000000000080', // order 4
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa', // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85', // order 8
]
const TORSION: EdPoint[] = SMALL_ORDER.map((h) => Point.fromBytes(unhex(h)))
const IDENTITY = unhex(SMALL_ORDER[0]!)

type Spelling = 'canonical' | 'y+p' | 'sign bit'
/** The point's bytes, or a non-canonical spelling of it where one exists (y < 19: y + p; x = 0: sign bit set). */
function spell(point: EdPoint, how: Spelling): Uint8Array {
  const bytes = point.toBytes()
  const y = le(bytes) & ((1n << 255n) - 1n)
  if (how === 'y+p' && y < 19n) {
    const out = toLE(y + P)
    out[31]! |= bytes[31]! & 0x80
    return out
  }
  if (how === 'sign bit' && point.x === 0n) bytes[31]! |= 0x80
  return bytes
}

// RFC 8032 §7.1, TEST 1, 2, 3 and SHA(abc): secret key, public key, message, signature.
const RFC8032 = [
  {
    name: 'TEST 1',
    sk: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    pk: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    msg: '',
    sig: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2',
    sk: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    pk: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    msg: '72',
    sig: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    name: 'TEST 3',
    sk: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    pk: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    msg: 'af82',
    sig: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
  {
    name: 'TEST SHA(abc)',
    sk: '833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42',
    pk: 'ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf',
    msg: 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    sig: 'dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704',
  },
]

/** A key pair whose secret scalar we know, for signatures built by hand. */
const signer = ed25519.utils.getExtendedPublicKey(unhex(RFC8032[0]!.sk))

describe('Ed25519: the server verifies natively with the current acceptance rules', () => {
  it('the eight small-order encodings are the whole torsion subgroup', () => {
    const generator = TORSION[4]!
    const multiples = Array.from({ length: 8 }, (_, i) => Buffer.from(generator.multiplyUnsafe(BigInt(i)).toBytes()).toString('hex'))
    assert.deepEqual([...multiples].sort(), [...SMALL_ORDER].sort())
    for (const t of TORSION) assert.ok(t.isSmallOrder())
  })

  it('RFC 8032 test vectors: valid, by OpenSSL\'s fast path; S + L, another message or another key: invalid', () => {
    for (const v of RFC8032) {
      const [sk, pk, msg, sig] = [unhex(v.sk), unhex(v.pk), unhex(v.msg), unhex(v.sig)]
      assert.equal(Buffer.from(ed25519.getPublicKey(sk)).toString('hex'), v.pk, v.name)
      assert.equal(Buffer.from(ed25519.sign(msg, sk)).toString('hex'), v.sig, v.name)
      assert.deepEqual(compare(sig, msg, pk, v.name), { current: true, raw: true, fast: true })
      const malleated = concat(sig.subarray(0, 32), toLE(le(sig.subarray(32)) + L))
      assert.deepEqual(compare(malleated, msg, pk, `${v.name} S+L`), { current: false, raw: false, fast: false })
      assert.equal(compare(sig, concat(msg, new Uint8Array([0])), pk, `${v.name} other message`).current, false)
      assert.equal(compare(sig, msg, unhex(RFC8032[(RFC8032.indexOf(v) + 1) % RFC8032.length]!.pk), `${v.name} other key`).current, false)
    }
  })

  it('a small-order key (any spelling) is refused, though OpenSSL alone accepts forgeries under it', () => {
    const forgery = concat(IDENTITY, toLE(0n)) // R = identity, S = 0
    let opensslForgeries = 0
    for (const t of TORSION) {
      for (const how of ['canonical', 'y+p', 'sign bit'] as const) {
        const pk = spell(t, how)
        assert.equal(canBeStrictKey(pk), false, Buffer.from(pk).toString('hex'))
        for (let i = 0; i < 16; i++) {
          const r = compare(forgery, utf8(`message ${i}`), pk, `small-order key, ${how}`)
          assert.equal(r.current, false)
          if (r.raw) opensslForgeries++
        }
      }
    }
    // The identity as key (three spellings) verifies R = identity, S = 0 for every message under OpenSSL alone.
    assert.ok(opensslForgeries >= 3 * 16, `OpenSSL alone accepted ${opensslForgeries}`)
  })

  it('canBeStrictKey refuses exactly what the current decoding refuses or finds of small order, over every special y', () => {
    const ys = [...Array.from({ length: 40 }, (_, i) => BigInt(i)), ...Array.from({ length: 40 }, (_, i) => P - 20n + BigInt(i)), (1n << 255n) - 1n]
    for (const y of ys) {
      for (const sign of [0, 0x80]) {
        const pk = toLE(y)
        pk[31]! |= sign
        let decoded: EdPoint | null = null
        try {
          decoded = Point.fromBytes(pk, false)
        } catch {
          // refused by the strict decoding: non-canonical, x = 0 with the sign bit, or not on the curve
        }
        const offCurve = y < P && !decoded && (() => {
          try {
            Point.fromBytes(toLE(y), false)
            return false
          } catch {
            return true
          }
        })()
        const strict = decoded !== null && !decoded.isSmallOrder()
        assert.equal(canBeStrictKey(pk), strict || offCurve, `y=${y} sign=${sign}`)
      }
    }
  })

  it('signatures the cofactored check accepts and OpenSSL\'s cofactorless one refuses are still accepted (the library decides)', () => {
    const msg = utf8('["watercooler/v1/vote","p1",1,""]')
    // R with a small-order component: R = [r]B + T.
    for (const t of TORSION.slice(1)) {
      const r = 123456789n
      const R = Point.BASE.multiply(r).add(t).toBytes()
      const S = (r + challenge(R, signer.pointBytes, msg) * signer.scalar) % L
      assert.deepEqual(compare(concat(R, toLE(S)), msg, signer.pointBytes, 'mixed-order R'), { current: true, raw: false, fast: false })
    }
    // R itself of small order (r = 0): S = [k]a.
    const R8 = TORSION[4]!.toBytes()
    assert.deepEqual(compare(concat(R8, toLE((challenge(R8, signer.pointBytes, msg) * signer.scalar) % L)), msg, signer.pointBytes, 'small-order R'), {
      current: true,
      raw: false,
      fast: false,
    })
    // R = identity, S = [k]a: the cofactorless equation holds too.
    assert.deepEqual(compare(concat(IDENTITY, toLE((challenge(IDENTITY, signer.pointBytes, msg) * signer.scalar) % L)), msg, signer.pointBytes, 'R = identity'), {
      current: true,
      raw: true,
      fast: true,
    })
    // A with a small-order component: OpenSSL accepts only when [k]T vanishes.
    const A = Point.BASE.multiply(signer.scalar).add(TORSION[4]!).toBytes()
    let opensslToo = 0
    for (let i = 0; i < 24; i++) {
      const m = utf8(`mixed-order key ${i}`)
      const r = 1000n + BigInt(i)
      const R = Point.BASE.multiply(r).toBytes()
      const got = compare(concat(R, toLE((r + challenge(R, A, m) * signer.scalar) % L)), m, A, 'mixed-order A')
      assert.equal(got.current, true)
      if (got.raw) opensslToo++
    }
    assert.ok(opensslToo < 24, 'OpenSSL alone refuses some')
  })

  it('non-canonical R, S ≥ L, S = 0, wrong lengths, off-curve and unimportable keys: the same answers, never a throw', () => {
    const msg = utf8('edge')
    const k = (R: Uint8Array) => (challenge(R, signer.pointBytes, msg) * signer.scalar) % L
    // R = identity spelt y + p and with the sign bit: the equation holds, the spelling is refused.
    for (const how of ['y+p', 'sign bit'] as const) {
      const R = spell(Point.ZERO, how)
      assert.deepEqual(compare(concat(R, toLE(k(R))), msg, signer.pointBytes, `R = identity, ${how}`), { current: false, raw: false, fast: false })
    }
    const good = ed25519.sign(msg, unhex(RFC8032[0]!.sk))
    const S = le(good.subarray(32))
    for (const s of [L, L + 1n, S + L, S + 2n * L, (1n << 256n) - 1n, (1n << 253n) + S]) {
      assert.equal(compare(concat(good.subarray(0, 32), toLE(s)), msg, signer.pointBytes, `S=${s}`).current, false)
    }
    compare(concat(good.subarray(0, 32), toLE(0n)), msg, signer.pointBytes, 'S = 0')
    compare(concat(good.subarray(0, 32), toLE(L - 1n)), msg, signer.pointBytes, 'S = L − 1')
    for (const pk of [new Uint8Array(32).fill(0xff), toLE(2n), toLE(P - 20n), signer.pointBytes.subarray(0, 31), concat(signer.pointBytes, new Uint8Array(1)), new Uint8Array(0)]) {
      assert.equal(compare(good, msg, pk, 'bad key').current, false)
    }
    for (const sig of [good.subarray(0, 63), concat(good, new Uint8Array(1)), new Uint8Array(0), new Uint8Array(64)]) {
      assert.equal(compare(sig, msg, signer.pointBytes, 'bad length').current, false)
    }
    // Keys on the curve with y < 19 spelt y + p: nobody knows their discrete log; refused either way.
    for (let y = 2n; y < 19n; y++) {
      try {
        const point = Point.fromBytes(toLE(y))
        assert.equal(compare(good, msg, spell(point, 'y+p'), `key y=${y}+p`).current, false)
      } catch {
        // not on the curve
      }
    }
  })

  it('Author values: malformed base64url, non-strings, empty strings: false from both, no throw', () => {
    const good = signBytes(unhex(RFC8032[1]!.sk), utf8('m'))
    const bad = [
      { ...good, publicKey: '' },
      { ...good, publicKey: 'not base64url!' },
      { ...good, publicKey: good.publicKey + 'A' },
      { ...good, publicKey: good.publicKey.slice(0, -1) + (good.publicKey.endsWith('A') ? 'B' : 'A') },
      { ...good, signature: good.signature + '=' },
      { ...good, signature: good.signature.slice(0, -4) },
      { publicKey: 42, signature: null },
      null,
      {},
    ] as unknown as Author[]
    assert.equal(verifyBytesNative(good, utf8('m')), true)
    for (const a of bad) assert.equal(verifyBytesNative(a, utf8('m')), verifyBytes(a, utf8('m')), JSON.stringify(a))
  })

  it('the verify* helpers take the native verifier and answer as before (v1 and v2 posts, write-state proofs)', () => {
    const seed = threadKey(newMasterSecret(), 'th_1')
    const base: PostFieldsV2 = { threadId: 'th_1', title: '', body: 'hello', label: 'alias', tokenMessage: 'AAEC', channel: 'general', imageIds: [], poll: null }
    const variants: PostFieldsV2[] = [base, { ...base, channel: 'tech' }, { ...base, imageIds: ['img_1'] }, { ...base, poll: { options: ['a', 'b'], closesAt: '2030-01-01T00:00:00.000Z' } }]
    for (const signed of variants) {
      const v1 = signBytes(seed, utf8(JSON.stringify(['watercooler/v1/post', signed.threadId, signed.title, signed.body, signed.label, signed.tokenMessage])))
      for (const a of [signAnyPost(seed, signed), v1]) {
        for (const checked of variants) {
          assert.equal(verifyAnyPostSignature(a, checked, verifyBytesNative), verifyAnyPostSignature(a, checked), JSON.stringify({ signed, checked }))
        }
      }
    }
    const proof = signWriteState(seed, 'p1', 'vote')
    assert.equal(verifyWriteState(proof.publicKey, proof.signature, 'p1', 'vote', verifyBytesNative), true)
    assert.equal(verifyWriteState(proof.publicKey, proof.signature, 'p1', 'answer', verifyBytesNative), false)
  })

  describe('differential, fast-check', () => {
    it('honest signatures: valid under both, by the fast path; one flipped bit anywhere: the same answer', () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.integer({ min: 0, max: 2 }), (seed, msg, bit, where) => {
          const pk = ed25519.getPublicKey(seed)
          const sig = ed25519.sign(msg, seed)
          assert.deepEqual(compare(sig, msg, pk, 'honest'), { current: true, raw: true, fast: true })
          const target = [sig, pk, msg][where]!
          if (target.length === 0) return
          const flipped = new Uint8Array(target)
          const i = bit % (target.length * 8)
          flipped[i >> 3]! ^= 1 << (i & 7)
          const [s, p, m] = where === 0 ? [flipped, pk, msg] : where === 1 ? [sig, flipped, msg] : [sig, pk, flipped]
          compare(s, m, p, 'flipped')
        }),
        { numRuns: 300 },
      )
    })

    it('random bytes, mostly of the right lengths, under random and honest keys: the same answer', () => {
      const bytes = (length: number) => fc.oneof({ arbitrary: fc.uint8Array({ minLength: length, maxLength: length }), weight: 5 }, fc.uint8Array({ maxLength: length + 2 }))
      const honestKey = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((seed) => ed25519.getPublicKey(seed))
      fc.assert(
        fc.property(bytes(64), fc.uint8Array({ maxLength: 40 }), fc.oneof(bytes(32), honestKey), (sig, msg, pk) => {
          compare(sig, msg, pk, 'random')
        }),
        { numRuns: 300 },
      )
    })

    it('signatures built over keys and R with small-order components, non-canonical spellings and odd S: the same answer', () => {
      const spelling = fc.constantFrom<Spelling>('canonical', 'canonical', 'y+p', 'sign bit')
      const scalar = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: L - 1n }))
      const seen = { cofactoredOnly: 0, opensslOnly: 0, both: 0, neither: 0 }
      fc.assert(
        fc.property(
          fc.record({
            a: scalar,
            ta: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 7 })),
            aSpelling: spelling,
            r: scalar,
            tr: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 7 })),
            rSpelling: spelling,
            s: fc.constantFrom('exact', 'exact', 'exact', '+L', 'zero', 'random', 'L-1'),
            random: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
            msg: fc.uint8Array({ maxLength: 48 }),
          }),
          ({ a, ta, aSpelling, r, tr, rSpelling, s, random, msg }) => {
            const A = spell(Point.BASE.multiplyUnsafe(a).add(TORSION[ta]!), aSpelling)
            const R = spell(Point.BASE.multiplyUnsafe(r).add(TORSION[tr]!), rSpelling)
            const exact = (r + challenge(R, A, msg) * a) % L
            const S = { exact, '+L': exact + L, zero: 0n, random, 'L-1': L - 1n }[s]!
            const got = compare(concat(R, toLE(S)), msg, A, `a=${a} ta=${ta} ${aSpelling} r=${r} tr=${tr} ${rSpelling} s=${s}`)
            seen[got.current && got.raw ? 'both' : got.current ? 'cofactoredOnly' : got.raw ? 'opensslOnly' : 'neither']++
          },
        ),
        { numRuns: 600 },
      )
      // The run reached every kind of disagreement between OpenSSL and the library, and both agreements.
      for (const [kind, count] of Object.entries(seen)) assert.ok(count > 0, `${kind}: ${JSON.stringify(seen)}`)
    })
  })
})
