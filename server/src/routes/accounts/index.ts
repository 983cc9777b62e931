import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AccountCreated, ChangePassword, CreateAccount, DeleteAccount, Me, UpdateMe } from '../../../../shared/src/api/accounts.js'
import { NoContent } from '../../../../shared/src/api/common.js'
import { SIGN_UP } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { clearSessionCookie, sessionOf, setSessionCookie } from '../../http/auth.js'
import * as accounts from '../../services/accounts/accounts.js'
import { createSession } from '../../services/sessions/sessions.js'
import { listEmployments } from '../../services/verifications/employments.js'
import * as views from '../../views/accounts.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { PUBLIC } from '../../http/session-scope.js'

export function accountRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/accounts',
      {
        config: PUBLIC,
        schema: {
          tags: ['accounts'],
          summary: 'Sign up',
          description: `Creates an account and signs it in (sets the session cookie). 409 \`email_taken\`; 422 \`weak_password\` for one of the most common passwords. More than ${SIGN_UP.perAddressPerHour} sign-ups an hour from one address, whatever their answer: 429 \`rate_limited\`.`,
          body: CreateAccount,
          response: { 201: AccountCreated, ...problems(400, 409, 422, 429) },
        },
      },
      async (req, reply) => {
        await accounts.countSignUp(ctx, req.ip)
        const account = await accounts.createAccount(ctx, req.body)
        const { token } = await createSession(ctx, account.id, req.headers['user-agent'])
        setSessionCookie(ctx, reply, token)
        return reply.code(201).send(account)
      },
    )

    app.get(
      '/me',
      { schema: { tags: ['accounts'], summary: 'The signed-in account', security: SESSION_SECURITY, response: { 200: Me, ...problems(401) } } },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        return views.me(await accounts.getAccount(ctx, accountId), await listEmployments(ctx, accountId))
      },
    )

    app.patch(
      '/me',
      {
        schema: { tags: ['accounts'], summary: 'Change name or language', security: SESSION_SECURITY, body: UpdateMe, response: { 200: Me, ...problems(400, 401) } },
      },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        await accounts.updateAccount(ctx, accountId, req.body)
        return views.me(await accounts.getAccount(ctx, accountId), await listEmployments(ctx, accountId))
      },
    )

    app.put(
      '/me/password',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Change password',
          description: 'Needs the current password; ends every other session of the account.',
          security: SESSION_SECURITY,
          body: ChangePassword,
          response: { 204: NoContent, ...problems(400, 401, 422) },
        },
      },
      async (req, reply) => {
        const { accountId, sessionId } = sessionOf(req)
        await accounts.changePassword(ctx, accountId, req.body.currentPassword, req.body.newPassword, sessionId)
        return reply.code(204).send(null)
      },
    )

    app.delete(
      '/me',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Delete the account',
          description: 'Needs the password. Removes the account, its profile and sessions for good.',
          security: SESSION_SECURITY,
          body: DeleteAccount,
          response: { 204: NoContent, ...problems(400, 401) },
        },
      },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        await accounts.deleteAccount(ctx, accountId, req.body.password)
        clearSessionCookie(ctx, reply)
        return reply.code(204).send(null)
      },
    )
  }
}
