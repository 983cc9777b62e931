import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { countProfileView } from '../../services/limits/read-limits.js'
import { Type } from '@sinclair/typebox'
import { HandleMoved } from '../../../../shared/src/api/account-extras.js'
import { Profile, PublicProfile, UpdateProfile } from '../../../../shared/src/api/profiles.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import * as accounts from '../../services/accounts/accounts.js'
import { movedHandle } from '../../services/accounts/handles.js'
import { NotFoundError } from '../../errors.js'
import * as profiles from '../../services/profiles/profiles.js'
import { listEmployments } from '../../services/verifications/employments.js'
import { profileNetwork } from '../../services/network/relation.js'
import { isBlockedEitherWay } from '../../policies/network.js'
import * as views from '../../views/accounts.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'

export function profileRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.put(
      '/me/profile',
      {
        schema: {
          tags: ['profiles'],
          summary: 'Replace the profile',
          description: 'The whole profile at once; `visibility` is kept when left out.',
          security: SESSION_SECURITY,
          body: UpdateProfile,
          response: { 200: Profile, ...problems(400, 401) },
        },
      },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        await profiles.updateProfile(ctx, accountId, req.body)
        return views.profile(await accounts.getAccount(ctx, accountId))
      },
    )

    app.get(
      '/users/:handle',
      {
        schema: {
          tags: ['profiles'],
          summary: "A member's profile",
          description:
            "For signed-in members. A profile shown to connections only gives all but 1st-degree connections just name and headline (`restricted: true`). 404 also when a block stands between the two members, either way. `degree`, `connection`, `mutualCount`, `followerCount` and `followId` describe the viewer's relation to the member. At most READS.profilesPerAccountPerHour profiles an hour per account (429 `rate_limited`). A handle its member changed within 90 days answers 301 with `Location` (the profile under the new handle) and `{movedTo}`, not cached.",
          security: SESSION_SECURITY,
          params: Type.Object({ handle: Type.String({ maxLength: 64 }) }),
          response: { 200: PublicProfile, 301: HandleMoved, ...problems(401, 404, 429) },
        },
      },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        await countProfileView(ctx, accountId)
        const row = await profiles.findProfileByHandle(ctx, req.params.handle)
        if (!row) {
          const movedTo = await movedHandle(ctx, req.params.handle)
          if (!movedTo) throw new NotFoundError('member')
          return reply.code(301).header('location', `/api/v1/users/${encodeURIComponent(movedTo)}`).header('cache-control', 'no-store').send({ movedTo })
        }
        // A block hides both ways, and answers exactly like an unknown handle.
        if (await isBlockedEitherWay(ctx, accountId, row.id)) throw new NotFoundError('member')
        const [employments, network] = await Promise.all([listEmployments(ctx, row.id), profileNetwork(ctx, accountId, row.id)])
        return views.publicProfile(row, accountId, employments, network)
      },
    )
  }
}
