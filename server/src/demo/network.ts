import type { AppContext } from '../context.js'
import * as connections from '../services/network/connections.js'
import { follow } from '../services/network/follows.js'

/**
 * A small demo network, through the same services the API uses: the first member has two
 * connections, a 2nd-degree contact, an invitation with a note waiting, and follows a company.
 * Loaded before the demo Work Talk posts, so no account-side row is written after them.
 */
export async function seedDemoNetwork(ctx: AppContext, ids: string[], handles: string[]): Promise<void> {
  if (ids.length < 5) return
  const connect = async (a: number, b: number) => {
    const r = await connections.invite(ctx, ids[a]!, { handle: handles[b]! })
    await connections.accept(ctx, ids[b]!, r.id)
  }
  await connect(0, 1)
  await connect(0, 2)
  await connect(2, 3)
  await connections.invite(ctx, ids[4]!, { handle: handles[0]!, note: 'We met at the data engineering meetup — would love to stay in touch.' })
  await follow(ctx, ids[0]!, { company: 'globex' })
}
