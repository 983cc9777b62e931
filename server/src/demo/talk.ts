import { TALK_TOKENS } from '../../../shared/src/api/limits.js'
import { drawKey } from '../../../shared/src/talk/draw.js'
import { newMasterSecret, newThreadNonce, openerKey, threadKey } from '../../../shared/src/talk/pseudonyms.js'
import { signAnyPost, signPost } from '../../../shared/src/talk/signing.js'
import type { Token } from '../../../shared/src/talk/tokens.js'
import { acceptReply, acceptThread } from '../anon/services/accept.js'
import { type AppContext, dayOf } from '../context.js'
import { issueTokens } from '../services/talk/issuance.js'
import { keyDirectory } from '../services/talk/keys.js'

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
 * A few Work Talk threads, written through the real protocol, the way real clients write them
 * (DESIGN §2): every verified demo member first draws its whole allowance in one batch, then the
 * posts go through the mixer — each round of replies one mixed window, so that replies keep the
 * order of the conversation. Demo companies are below the anonymity threshold, so the posts
 * read "Verified professional" or an alias.
 */
export async function seedDemoTalk(ctx: AppContext, accountIds: string[]): Promise<void> {
  const directory = await keyDirectory(ctx)
  const today = dayOf(ctx.clock.now())
  const wallets = new Map<number, Token[]>()
  for (const [i, accountId] of accountIds.entries()) {
    const jobs = await ctx.db.selectFrom('employment').select(['endedOn', 'expiresOn']).where('accountId', '=', accountId).execute()
    if (!jobs.length) continue
    const purpose = jobs.some((j) => j.endedOn === null && j.expiresOn > today) ? 'talk' : 'talk-former'
    const key = directory.find((k) => k.company === null && k.purpose === purpose)!
    const fetch = async (keyId: string, blinded: string[]) =>
      (await issueTokens(ctx, accountId, keyId, blinded.map((m) => Buffer.from(m, 'base64url')))).map((s) => Buffer.from(s).toString('base64url'))
    wallets.set(i, await drawKey(key, TALK_TOKENS.quota[purpose], fetch))
  }
  const token = (who: number) => {
    const t = wallets.get(who)?.pop()
    if (!t) throw new Error(`demo person ${who} has no Work Talk tokens (not verified?)`)
    return t
  }

  const masters = accountIds.map(() => newMasterSecret())
  const opened: { threadId: string; opener: Uint8Array }[] = []
  for (const [i, thread] of THREADS.entries()) {
    const nonce = newThreadNonce()
    const opener = openerKey(masters[thread.by]!, nonce)
    const tok = token(thread.by)
    const label = i % 2 ? 'alias' : 'company'
    const fields = { threadId: null, title: thread.title, body: thread.body, label, tokenMessage: tok.message, channel: thread.channel, imageIds: [], poll: null }
    const author = signAnyPost(opener, fields)
    const accepted = await acceptThread(ctx.anon, { token: tok, title: thread.title, body: thread.body, label, author, channel: thread.channel, openerNonce: nonce })
    opened.push({ threadId: accepted.state === 'existing' ? accepted.threadId : accepted.write.threadId, opener })
  }
  await ctx.anon.mixer.flush()
  const rounds = Math.max(...THREADS.map((t) => t.replies.length))
  for (let round = 0; round < rounds; round++) {
    for (const [i, thread] of THREADS.entries()) {
      const reply = thread.replies[round]
      if (!reply) continue
      const [who, body] = reply
      const { threadId, opener } = opened[i]!
      const seed = who === thread.by ? opener : threadKey(masters[who]!, threadId)
      const t = token(who)
      // A key keeps its first label in a thread (DESIGN §5): the opener replies as it opened.
      const label = who === thread.by ? (i % 2 ? 'alias' : 'company') : who % 2 ? 'alias' : 'company'
      await acceptReply(ctx.anon, threadId, { token: t, body, label, author: signPost(seed, { threadId, title: '', body, label, tokenMessage: t.message }) })
    }
    await ctx.anon.mixer.flush()
  }
}
