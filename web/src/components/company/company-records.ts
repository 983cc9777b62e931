import type { RecordItem } from '../../talk/outbox.js'
import type { RecordAllowance, RecordInput, RecordKind } from '../../talk/records.js'
import { useEffect, useState } from 'react'
import { useSession } from '../../session/session-context.js'
import { companyQuietKey } from '../../talk/quiet.js'
import { useTalkRuntime, useTalkState } from '../../talk/talk-context.js'
import { isVerified } from '../../talk/voices.js'

/**
 * What this member can write about one company, and the records on their way:
 * - `unverified`: no verification at all, so no Work Talk runtime (and no tokens);
 * - `starting`: verified, the runtime or its key directory is still loading;
 * - `failed`: no key directory could be loaded, so nothing can be paid for now;
 * - `ready`: `allowance(kind)` says what the tokens allow.
 */
export interface CompanyRecords {
  status: 'unverified' | 'starting' | 'failed' | 'ready'
  /** Work Talk is paused on this device (the key check failed): nothing is sent. */
  paused: boolean
  /** Records about this company written in this browser (on their way, just stored, or refused), newest first. */
  records: RecordItem[]
  helpful: Readonly<Record<string, { pending: boolean }>>
  allowance(kind: RecordKind): RecordAllowance | null
  publish(input: RecordInput): Promise<RecordItem>
  markHelpful(reviewId: string): Promise<void>
  /** Forgets a refused record (its text goes with it). */
  dismiss(id: string): Promise<void>
  /** Takes back a record not sent yet, to put it back into its form; undefined when it already went out. */
  takeBack(id: string): Promise<RecordItem | undefined>
  /**
   * True for a minute and a bit after this browser sent a record or a helpful mark about the
   * company: its lists are not read with the session meanwhile (a read right after an anonymous
   * write would tie the two in any request log), and are read again when it ends.
   */
  quiet: boolean
}

/** What a tab assumes before its first read, when a quiet period holds the read back: open (the runtime's allowance still says what may be written). */
export const QUIET_CONTRIBUTIONS = { open: true, members: 0, minMembers: 0 } as const

const notReady = () => Promise.reject(new Error('The Work Talk runtime is not ready'))

/** The anonymous side of a company's reviews, salaries and interviews, through the Work Talk runtime. */
export function useCompanyRecords(company: string): CompanyRecords {
  const { me } = useSession()
  const runtime = useTalkRuntime()
  const snapshot = useTalkState()
  const status = !isVerified(me) ? 'unverified' : !runtime || snapshot.phase === 'starting' ? 'starting' : snapshot.phase === 'failed' ? 'failed' : 'ready'
  const records = snapshot.records.filter((r) => r.company === company).sort((a, b) => b.createdAt - a.createdAt)
  // Until the runtime has read this browser's quiet periods, it may be in one: wait (a second at most, usually).
  const quiet = useQuietUntil(snapshot.quiet[companyQuietKey(company)] ?? 0) || status === 'starting'
  return {
    quiet,
    status,
    paused: !!snapshot.paused,
    records,
    helpful: snapshot.helpful,
    allowance: (kind) => (runtime && status === 'ready' ? runtime.recordAllowance(kind, company) : null),
    publish: (input) => (runtime ? runtime.publishRecord(input) : notReady()),
    markHelpful: (reviewId) => (runtime ? runtime.markHelpful(company, reviewId) : notReady()),
    dismiss: async (id) => {
      await runtime?.dismiss(id)
    },
    takeBack: async (id) => runtime?.cancelRecord(id),
  }
}

/** The latest record of a kind: the one the tab speaks of. */
export function latestRecord(records: CompanyRecords, kind: RecordKind): RecordItem | undefined {
  return records.records.find((r) => r.kind === kind)
}

/** Whether the moment `until` is still ahead; turns false by itself when it comes. */
function useQuietUntil(until: number): boolean {
  const [, setTick] = useState(0)
  const quiet = until > Date.now()
  useEffect(() => {
    if (!quiet) return
    const timer = setTimeout(() => setTick((n) => n + 1), until - Date.now() + 50)
    return () => clearTimeout(timer)
  }, [quiet, until])
  return quiet
}
