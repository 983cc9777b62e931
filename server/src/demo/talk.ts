import sharp from 'sharp'
import { TALK_TOKENS } from '../../../shared/src/api/limits.js'
import { drawKey } from '../../../shared/src/talk/draw.js'
import { newMasterSecret, newThreadNonce, openerKey, threadKey } from '../../../shared/src/talk/pseudonyms.js'
import { pollClosingAtOrAfter } from '../../../shared/src/talk/poll-time.js'
import { signAnyPost, signPollAnswer, signVote } from '../../../shared/src/talk/signing.js'
import type { Token } from '../../../shared/src/talk/tokens.js'
import { createAnonContext } from '../anon/index.js'
import { acceptReply, acceptThread } from '../anon/services/accept.js'
import { acceptImage } from '../anon/services/images.js'
import { acceptAnswer } from '../anon/services/polls.js'
import { acceptVote } from '../anon/services/votes.js'
import type { Clock } from '../clock.js'
import { type AppContext, dayOf } from '../context.js'
import { issueTokens } from '../services/talk/issuance.js'
import { keyDirectory } from '../services/talk/keys.js'

type Channel = 'general' | 'compensation' | 'layoffs' | 'interviews' | 'tech' | 'career' | 'off-topic'
interface DemoThread {
  by: number
  /** Hours before the demo was loaded. */
  ago: number
  channel: Channel
  title: string
  body: string
  label: 'company' | 'alias'
  replies: { by: number; body: string; up?: number[]; down?: number[] }[]
  /** Demo people (by index) who upvote the opening post. */
  up?: number[]
  poll?: { options: string[]; answers: [number, number][] }
  image?: boolean
}

/** Demo threads. Authors and voters are demo people by index (server/src/demo/data.ts); person 3 is not verified (a badge waits for review). */
const THREADS: DemoThread[] = [
  {
    by: 0,
    ago: 30,
    channel: 'compensation',
    label: 'company',
    title: 'How do you ask for a raise without a competing offer?',
    body: 'Four years in, good reviews, pay below the band I see in job ads. Every advice thread says *get an offer first*. Has anyone done it without?',
    up: [1, 2, 4],
    replies: [
      { by: 2, body: 'Bring the data you already have: the public bands and your last two reviews. Ask what it takes to get to the middle of the band, **in writing**.', up: [0, 1, 4] },
      { by: 0, body: 'Thanks — "in writing" is the part I keep skipping.' },
      { by: 4, body: 'Timing matters more than people think: ask before the budget for next year is set, not after.', up: [1] },
    ],
  },
  {
    by: 1,
    ago: 20,
    channel: 'compensation',
    label: 'alias',
    title: '大家的团队今年还有年终奖吗？',
    body: '听说今年预算很紧，想了解一下其他公司的情况。',
    up: [4],
    replies: [
      { by: 4, body: '我们这边说会有，但比例还没公布。', up: [1] },
      { by: 2, body: '去年是两个月，今年听说只有一个月，还要看绩效。', up: [1, 4] },
    ],
  },
  {
    by: 4,
    ago: 6,
    channel: 'layoffs',
    label: 'alias',
    title: 'All-hands moved to Friday 4pm with no agenda',
    body: 'Calendar invite just landed: "Company update", Friday 16:00, no agenda, cameras on. Managers were pulled into a separate call an hour earlier.\n\nAnyone else seeing this pattern?',
    up: [0, 1, 2, 4],
    image: true,
    replies: [
      { by: 2, body: 'Same invite here. Our skip-level cancelled all 1:1s this week.', up: [0, 4] },
      { by: 0, body: '> cameras on\n\nThat is the part that worries me. Updating my CV tonight, just in case.', up: [4] },
      { by: 1, body: 'Could also be the reorg that was announced in the spring. No need to panic yet.', down: [4] },
    ],
  },
  {
    by: 4,
    ago: 50,
    channel: 'career',
    label: 'company',
    title: 'Switching from engineering to product: worth it?',
    body: 'Four years as a frontend engineer, thinking about a PM role. What surprised you most after the switch?',
    up: [1],
    replies: [{ by: 1, body: 'How little of the day is yours. Calendars fill up fast — protect a few hours for thinking.', up: [0, 4] }],
  },
  {
    by: 2,
    ago: 10,
    channel: 'general',
    label: 'alias',
    title: 'Return to office: three days a week from January?',
    body: 'Our leadership announced 3 days in the office from January. How is it going where you are?',
    poll: { options: ['Fully remote', 'Hybrid, 1–2 days', 'Hybrid, 3+ days', 'Full time in the office'], answers: [[0, 1], [1, 2], [4, 0]] },
    up: [0],
    replies: [
      { by: 0, body: 'We went to 3 days in September. Attendance on Fridays is close to zero.', up: [1, 2] },
      { by: 1, body: '我们是一周两天，大家基本都能接受。' },
    ],
  },
  {
    by: 0,
    ago: 3,
    channel: 'interviews',
    label: 'alias',
    title: 'System design round: what do they actually grade?',
    body: 'Third onsite this month where the feedback was "good, but not senior enough" on system design. What do interviewers look for beyond a working diagram?',
    up: [2],
    replies: [{ by: 1, body: 'Trade-offs, said out loud. Name two options, pick one, and say what would make you switch.', up: [0, 2, 4] }],
  },
  {
    by: 1,
    ago: 14,
    channel: 'tech',
    label: 'company',
    title: '有人在生产环境用 PostgreSQL 18 了吗？',
    body: '想升级，主要是为了异步 I/O。有没有踩过坑的？',
    replies: [{ by: 2, body: 'We upgraded a read replica first and ran it for two weeks. No surprises so far.', up: [1] }],
  },
  {
    by: 2,
    ago: 70,
    channel: 'off-topic',
    label: 'alias',
    title: 'Best desk lunch that is not a sad salad?',
    body: 'Looking for ideas that survive a morning in the office fridge.',
    up: [4],
    replies: [
      { by: 4, body: 'Cold soba with sesame sauce. Better after a few hours, not worse.', up: [0] },
      { by: 1, body: '凉拌鸡丝配米饭，放一上午也好吃。' },
    ],
  },
]

/** A stand-in for a screenshot: a chart of "headcount" falling, as an image people would share. */
async function demoScreenshot(): Promise<Buffer> {
  const bars = [92, 88, 90, 71, 64]
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360">
    <rect width="640" height="360" fill="#f6f7f9"/>
    <text x="32" y="48" font-family="sans-serif" font-size="24" fill="#223">Open roles per quarter</text>
    ${bars.map((h, i) => `<rect x="${60 + i * 110}" y="${320 - h * 2.4}" width="70" height="${h * 2.4}" fill="${i > 2 ? '#c0392b' : '#3a6ea5'}"/>`).join('')}
  </svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}

/**
 * Living Work Talk channels for `npm start`, written through the real protocol, the way real
 * clients write them (DESIGN §2): every verified demo member first draws its whole allowance of
 * each key in one batch; threads, replies, votes, poll answers and an image then go through the
 * mixer, in mixed windows. The demo's mixer has a clock of its own set back in time, so threads
 * carry the ages of a forum in use (and hot ranking has something to rank) — the one liberty it
 * takes. Demo companies are below the anonymity threshold, so posts read "Verified professional"
 * or an alias.
 */
export async function seedDemoTalk(ctx: AppContext, accountIds: string[]): Promise<void> {
  const directory = await keyDirectory(ctx)
  const today = dayOf(ctx.clock.now())
  const wallets = new Map<string, Token[]>()
  const wallet = (who: number, purpose: string) => `${who}|${purpose}`
  for (const [i, accountId] of accountIds.entries()) {
    const jobs = await ctx.db.selectFrom('employment').select(['endedOn', 'expiresOn']).where('accountId', '=', accountId).execute()
    if (!jobs.length) continue
    const talk = jobs.some((j) => j.endedOn === null && j.expiresOn > today) ? 'talk' : 'talk-former'
    for (const purpose of [talk, 'react'] as const) {
      const key = directory.find((k) => k.company === null && k.purpose === purpose)!
      const fetch = async (keyId: string, blinded: string[]) =>
        (await issueTokens(ctx, accountId, keyId, blinded.map((m) => Buffer.from(m, 'base64url')))).map((s) => Buffer.from(s).toString('base64url'))
      wallets.set(wallet(i, purpose === 'react' ? 'react' : 'talk'), await drawKey(key, TALK_TOKENS.quota[purpose], fetch))
    }
  }
  const token = (who: number, kind: 'talk' | 'react') => {
    const t = wallets.get(wallet(who, kind))?.pop()
    if (!t) throw new Error(`demo person ${who} has no ${kind} tokens (not verified?)`)
    return t
  }

  let now = ctx.clock.now().getTime()
  const clock: Clock = { now: () => new Date(now) }
  const anon = createAnonContext({ db: ctx.anon.db, clock, config: { ...ctx.anon.config, mixWindowS: 30 }, log: ctx.anon.log })
  const hoursAgo = (h: number) => ctx.clock.now().getTime() - h * 3_600_000
  const masters = accountIds.map(() => newMasterSecret())
  const byAge = [...THREADS.entries()].sort(([, a], [, b]) => b.ago - a.ago)
  for (const [, thread] of byAge) {
    now = hoursAgo(thread.ago)
    const nonce = newThreadNonce()
    const opener = openerKey(masters[thread.by]!, nonce)
    const tok = token(thread.by, 'talk')
    const imageIds: string[] = []
    if (thread.image) {
      const { image } = await acceptImage(anon, tok, await demoScreenshot())
      imageIds.push(image.imageId)
      await anon.mixer.flush()
    }
    const poll = thread.poll ? { options: thread.poll.options, closesAt: pollClosingAtOrAfter(now + 3 * 86_400_000).toISOString() } : null
    const fields = { threadId: null, title: thread.title, body: thread.body, label: thread.label, tokenMessage: tok.message, channel: thread.channel, imageIds, poll }
    const accepted = await acceptThread(anon, {
      token: tok,
      title: thread.title,
      body: thread.body,
      label: thread.label,
      author: signAnyPost(opener, fields),
      channel: thread.channel,
      openerNonce: nonce,
      ...(imageIds.length && { imageIds }),
      ...(poll && { poll }),
    })
    const threadId = accepted.state === 'existing' ? accepted.threadId : accepted.write.threadId
    const openingId = accepted.state === 'existing' ? accepted.postId : accepted.write.postId
    await anon.mixer.flush()
    const seedOf = (who: number) => (who === thread.by ? opener : threadKey(masters[who]!, threadId))
    const vote = async (who: number, postId: string, value: 1 | -1) => {
      const t = token(who, 'react')
      await acceptVote(anon, { postId, value, token: t, author: signVote(seedOf(who), { postId, value, tokenMessage: t.message }) })
    }
    // Replies come one per window, minutes apart, so the conversation keeps its order; votes
    // and answers go with them.
    for (const [r, reply] of thread.replies.entries()) {
      now += (7 + r * 11) * 60_000
      const t = token(reply.by, 'talk')
      const label = reply.by === thread.by ? thread.label : reply.by % 2 ? 'alias' : 'company'
      const body = reply.body
      const replied = await acceptReply(anon, threadId, { token: t, body, label, author: signAnyPost(seedOf(reply.by), { threadId, title: '', body, label, tokenMessage: t.message, channel: 'general', imageIds: [], poll: null }) })
      await anon.mixer.flush()
      const postId = replied.state === 'existing' ? replied.postId : replied.write.postId
      for (const who of reply.up ?? []) if (who !== reply.by) await vote(who, postId, 1)
      for (const who of reply.down ?? []) if (who !== reply.by) await vote(who, postId, -1)
    }
    for (const who of thread.up ?? []) if (who !== thread.by) await vote(who, openingId, 1)
    for (const [who, option] of thread.poll?.answers ?? []) {
      const t = token(who, 'react')
      await acceptAnswer(anon, threadId, { option, token: t, author: signPollAnswer(seedOf(who), { pollId: threadId, option, tokenMessage: t.message }) })
    }
    await anon.mixer.flush()
  }
  await anon.mixer.close()
}
