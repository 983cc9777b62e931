import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

/** The OpenAPI 3.1 document, generated from the route schemas, and a browsable reference. */
export async function registerOpenApi(app: FastifyInstance, publicUrl: URL): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Watercooler API',
        version: '1',
        description:
          'JSON over HTTP. Errors are RFC 9457 problem details (application/problem+json) with a stable `code`. ' +
          'Sessions are an HttpOnly, SameSite=Lax cookie; state-changing requests must send JSON and, when they carry an Origin header, come from this site.',
      },
      servers: [{ url: publicUrl.origin }],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'wc_session' } } },
      tags: [
        { name: 'meta', description: 'Service health' },
        { name: 'accounts', description: 'Sign-up, sessions, the signed-in account' },
        { name: 'profiles', description: 'Member profiles' },
        { name: 'verification', description: 'Proving where you work: work e-mail codes, badge photos' },
        { name: 'companies', description: 'Company pages' },
        { name: 'reviews', description: 'The badge review queue (reviewers)' },
        { name: 'talk', description: 'Work Talk: issuer keys and blind-signed tokens (RFC 9474)' },
      ],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  })
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  // The reference's own CSP (swagger-ui's `staticCSP: true` lets any https: style or font, frames from this
  // site, and a badge image from validator.swagger.io): as strict as the web app's, nothing from elsewhere.
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: DOCS_CSP, uiConfig: { deepLinking: true, validatorUrl: null } })
}

const DOCS_CSP =
  "default-src 'self'; base-uri 'self'; connect-src 'self'; font-src 'self' data:; form-action 'self'; frame-ancestors 'none'; " +
  "img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self'"
