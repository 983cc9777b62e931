import { useSession } from '../../session/session-context.js'
import { useTalkState } from '../talk-context.js'
import { useFollowOwnWrites } from './follow.js'
import { bindLocalAccount } from './store.js'

/**
 * Binds Work Talk's browser-only data (follows, mutes: store.ts) to the signed-in account, and
 * follows the threads this browser writes in. Rendered once, before the routes (App.tsx), so the
 * binding is in place when any page renders — it is set during render, which is idempotent.
 */
export function TalkLocalAccount() {
  const { me } = useSession()
  bindLocalAccount(me?.id ?? null)
  const { outbox } = useTalkState()
  useFollowOwnWrites(outbox)
  return null
}
