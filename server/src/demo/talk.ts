import { finalizeTokens, prepareTokenRequests } from '../../../shared/src/talk/tokens.js'
import { newMasterSecret, newThreadNonce, openerKey, threadKey } from '../../../shared/src/talk/pseudonyms.js'
import { signPost } from '../../../shared/src/talk/signing.js'
import type { AppContext } from '../context.js'
import { issueTokens } from '../services/talk/issuance.js'
import { keyDirectory } from '../services/talk/keys.js'
import { createReply, createThread } from '../services/talk/posts.js'

/** Demo threads: [title, opening body, replies as [author index, body]]. Authors are demo people by index. */
const THREADS: { by: number; title: string; body: string; channel: 'career' | 'compensation' | 'general'; replies: [number, string][] }[] = [
  {
    by: 0,
    title: 'How do you ask for a raise without a competing offer?',
    body: 'Four years in, good reviews, pay below the band I see in job ads. Every advice thread says "get an offer first". Has anyone done it without?',
    channel: 'compensation',
    replies: [
      [2, 'Bring the data you already have: the public bands and your last two reviews. Ask what it takes to get to the middle of the band, in writing.'],
      [0, 'Thanks — "in writing" is the part I keep skipping.'],
    ],
  },
  {
    by: 1,
    title: '大家的团队今年还有年终奖吗？',
    body: '听说今年预算很紧，想了解一下其他公司的情况。',
    channel: 'compensation',
    replies: [[4, '我们这边说会有，但比例还没公布。']],
  },
  {
    by: 4,
    title: 'Switching from engineering to product: worth it?',
    body: 'Four years as a frontend engineer, thinking about a PM role. What surprised you most after the switch?',
    channel: 'career',
    replies: [[1, 'How little of the day is yours. Calendars fill up fast — protect a few hours for thinking.']],
  },
]

/**
 * A few Work Talk threads, written through the real protocol — blinded tokens, per-thread keys,
 * signatures — so the demo shows what the product does. Demo companies are below the anonymity
 * threshold, so the posts read "Verified professional" or an alias.
 */
export async function seedDemoTalk(ctx: AppContext, accountIds: string[]): Promise<void> {
  const directory = await keyDirectory(ctx)
  const key = directory.find((k) => k.company === null && k.purpose === 'talk')!
  const masters = accountIds.map(() => newMasterSecret())
  const token = async (who: number) => {
    const { blindedMessages, state } = await prepareTokenRequests(key.publicKey, 1)
    const sigs = await issueTokens(ctx, accountIds[who]!, key.keyId, blindedMessages.map((m) => Buffer.from(m, 'base64url')))
    const [t] = await finalizeTokens(state, sigs.map((s) => Buffer.from(s).toString('base64url')))
    return t!
  }
  for (const [i, thread] of THREADS.entries()) {
    const nonce = newThreadNonce()
    const opener = openerKey(masters[thread.by]!, nonce)
    const tok = await token(thread.by)
    const label = i % 2 ? 'alias' : 'company'
    const author = signPost(opener, { threadId: null, title: thread.title, body: thread.body, label, tokenMessage: tok.message })
    const { threadId } = await createThread(ctx, { token: tok, title: thread.title, body: thread.body, label, author, channel: thread.channel })
    for (const [who, body] of thread.replies) {
      const seed = who === thread.by ? opener : threadKey(masters[who]!, threadId)
      const t = await token(who)
      const replyLabel = who % 2 ? 'alias' : 'company'
      await createReply(ctx, threadId, { token: t, body, label: replyLabel, author: signPost(seed, { threadId, title: '', body, label: replyLabel, tokenMessage: t.message }) })
    }
  }
}
