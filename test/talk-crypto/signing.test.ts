import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { toBase64url } from '../../shared/src/talk/base64url.js'
import { newMasterSecret, threadKey } from '../../shared/src/talk/pseudonyms.js'
import {
  deleteSigningBytes,
  editSigningBytes,
  type PostFields,
  postSigningBytes,
  signDelete,
  signEdit,
  signPost,
  verifyDeleteSignature,
  verifyEditSignature,
  verifyPostSignature,
} from '../../shared/src/talk/signing.js'

const text = (b: Uint8Array) => new TextDecoder().decode(b)
const reply: PostFields = { threadId: 'th_1', title: '', body: 'Ça va? 你好 "quoted"', label: 'company', tokenMessage: 'AAEC' }

describe('post signatures', () => {
  it('sign exactly the JSON array DESIGN §3 describes', () => {
    assert.equal(text(postSigningBytes(reply)), '["watercooler/v1/post","th_1","","Ça va? 你好 \\"quoted\\"","company","AAEC"]')
    const opening = { ...reply, threadId: null, title: 'Layoffs?' }
    assert.equal(text(postSigningBytes(opening)), '["watercooler/v1/post",null,"Layoffs?","Ça va? 你好 \\"quoted\\"","company","AAEC"]')
  })

  it('verify, and fail when any signed field changes', () => {
    const seed = threadKey(newMasterSecret(), 'th_1')
    const author = signPost(seed, reply)
    assert.equal(verifyPostSignature(author, reply), true)
    const changes: Partial<PostFields>[] = [
      { threadId: 'th_2' },
      { threadId: null },
      { title: 'x' },
      { body: reply.body + ' ' },
      { label: 'alias' },
      { tokenMessage: 'AAED' },
    ]
    for (const change of changes) assert.equal(verifyPostSignature(author, { ...reply, ...change }), false, JSON.stringify(change))
  })

  it('fail under another pseudonym key', () => {
    const master = newMasterSecret()
    const author = signPost(threadKey(master, 'th_1'), reply)
    const other = signPost(threadKey(master, 'th_2'), reply)
    assert.equal(verifyPostSignature({ publicKey: other.publicKey, signature: author.signature }, reply), false)
  })

  it('return false, never throw, on malformed keys or signatures', () => {
    const good = signPost(threadKey(newMasterSecret(), 't'), reply)
    const bad = [
      { ...good, publicKey: '' },
      { ...good, publicKey: 'not base64url!' },
      { ...good, publicKey: toBase64url(new Uint8Array(31)) },
      { ...good, publicKey: toBase64url(new Uint8Array(32).fill(0xff)) }, // not a curve point
      { ...good, signature: '' },
      { ...good, signature: good.signature.slice(0, -4) },
      { ...good, signature: toBase64url(new Uint8Array(64).fill(0xff)) }, // s ≥ L
      { ...good, signature: good.signature + 'A' },
      { publicKey: 42, signature: null } as unknown as typeof good,
    ]
    for (const author of bad) assert.equal(verifyPostSignature(author, reply), false, JSON.stringify(author))
  })
})

describe('edit and delete signatures', () => {
  const seed = threadKey(newMasterSecret(), 'th_1')

  it('have their own domain-separated messages', () => {
    assert.equal(text(editSigningBytes({ postId: 'p1', revision: 0, title: '', body: 'new' })), '["watercooler/v1/edit","p1",0,"","new"]')
    assert.equal(text(deleteSigningBytes({ postId: 'p1', revision: 3 })), '["watercooler/v1/delete","p1",3]')
  })

  it('verify, and fail for another post, revision or body', () => {
    const edit = { postId: 'p1', revision: 2, title: '', body: 'fixed typo' }
    const author = signEdit(seed, edit)
    assert.equal(verifyEditSignature(author, edit), true)
    for (const change of [{ postId: 'p2' }, { revision: 3 }, { body: 'other' }, { title: 'new title' }]) {
      assert.equal(verifyEditSignature(author, { ...edit, ...change }), false)
    }
    const del = signDelete(seed, { postId: 'p1', revision: 2 })
    assert.equal(verifyDeleteSignature(del, { postId: 'p1', revision: 2 }), true)
    assert.equal(verifyDeleteSignature(del, { postId: 'p1', revision: 3 }), false)
  })

  it('cannot be swapped for one another or for a post signature', () => {
    const del = signDelete(seed, { postId: 'p1', revision: 0 })
    assert.equal(verifyEditSignature(del, { postId: 'p1', revision: 0, title: '', body: '' }), false)
    const post = signPost(seed, reply)
    assert.equal(verifyDeleteSignature(post, { postId: 'p1', revision: 0 }), false)
  })
})
