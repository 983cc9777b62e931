import type { TFunction } from 'i18next'
import { TALK_FORUM } from '../../../../../shared/src/api/limits.js'
import type { FieldErrors } from '../../../lib/problem.js'
import { isBlank } from '../../../lib/validation.js'

const HOUR = 60 * 60 * 1000
const { minOptions, maxOptions, optionLength, maxOpenS } = TALK_FORUM.poll

/**
 * How long a new poll stays open. The composer hands over "now + duration"; the outbox reads it
 * as the duration and counts it from the moment the post goes out (a closing time counted from
 * the writing would tell the server when that was). The longest keeps two days off the server's
 * 30-day limit.
 */
export const POLL_DURATIONS = [
  { key: 'hours6', hours: 6 },
  { key: 'day1', hours: 24 },
  { key: 'days3', hours: 72 },
  { key: 'week1', hours: 7 * 24 },
  { key: 'weeks2', hours: 14 * 24 },
  { key: 'weeks4', hours: 28 * 24 },
] as const
export type PollDuration = (typeof POLL_DURATIONS)[number]['key']
export const DEFAULT_POLL_DURATION: PollDuration = 'week1'

/** The poll part of the new-thread composer, as the member edits it. */
export interface PollDraft {
  options: string[]
  duration: PollDuration
}

export const emptyPoll = (): PollDraft => ({ options: ['', ''], duration: DEFAULT_POLL_DURATION })

/**
 * When a poll with this duration would close if it went out now: rounded up to a whole hour, as
 * the server takes it (a closing time to the second would say when the poll was written).
 */
export function pollClosesAt(duration: PollDuration, now = Date.now()): string {
  const hours = POLL_DURATIONS.find((d) => d.key === duration)?.hours ?? 7 * 24
  const at = Math.min(now + hours * HOUR, now + maxOpenS * 1000 - 2 * 24 * HOUR)
  return new Date(Math.ceil(at / HOUR) * HOUR).toISOString()
}

/**
 * Client checks of a poll before anything is sent, under the pointers the server's validation
 * answers with (`/poll/options/1`), so server and client errors show in the same places.
 */
export function pollFieldErrors(t: TFunction, poll: PollDraft): FieldErrors {
  const fields: FieldErrors = {}
  const seen = new Map<string, number>()
  poll.options.forEach((o, i) => {
    const key = o.trim().toLocaleLowerCase()
    if (isBlank(o)) fields[`/poll/options/${i}`] = t('talk.composer.poll.optionRequired')
    else if (o.length > optionLength) fields[`/poll/options/${i}`] = t('talk.composer.poll.optionTooLong', { max: optionLength })
    else if (seen.has(key)) fields[`/poll/options/${i}`] = t('talk.composer.poll.optionDuplicate', { n: seen.get(key)! + 1 })
    else seen.set(key, i)
  })
  if (poll.options.length < minOptions) fields['/poll/options'] = t('talk.composer.poll.tooFew', { min: minOptions })
  if (poll.options.length > maxOptions) fields['/poll/options'] = t('talk.composer.poll.tooMany', { max: maxOptions })
  return fields
}

/** Which field a server pointer under /poll belongs to in the editor (an unknown index: the list). */
export function pollPointer(pointer: string, count: number): string | null {
  const m = /^\/poll\/options\/(\d+)$/.exec(pointer)
  if (m) return Number(m[1]) < count ? pointer : '/poll/options'
  if (pointer === '/poll/options' || pointer === '/poll') return '/poll/options'
  if (pointer === '/poll/closesAt') return pointer
  return null
}

/**
 * The editor's poll from a draft's (as saved while writing, or given back with a refused post):
 * the duration whose closing time, counted from now, is nearest the saved one.
 */
export function pollFromDraft(poll: { options: string[]; closesAt: string } | undefined, now = Date.now()): PollDraft | null {
  if (!poll) return null
  const hours = (Date.parse(poll.closesAt) - now) / HOUR
  const nearest = POLL_DURATIONS.reduce((best, d) => (Math.abs(d.hours - hours) < Math.abs(best.hours - hours) ? d : best), POLL_DURATIONS[0])
  return { options: [...poll.options], duration: Number.isFinite(hours) ? nearest.key : DEFAULT_POLL_DURATION }
}

/** The editor's poll as a draft keeps it (and as the composer hands it over). */
export function pollToDraft(poll: PollDraft, now = Date.now()): { options: string[]; closesAt: string } {
  return { options: [...poll.options], closesAt: pollClosesAt(poll.duration, now) }
}
