import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AddRepresentative, Company, CompanyList, DistinctCompanies, DuplicateList, LogoUpload, MergeCompany, UpdateCompany } from '../../../../shared/src/api/companies.js'
import { NoContent } from '../../../../shared/src/api/common.js'
import { LOGO } from '../../../../shared/src/api/limits.js'
import { CompanyRef } from '../../../../shared/src/api/verifications.js'
import { type AppContext, dayOf } from '../../context.js'
import { requireRole, sessionOf } from '../../http/auth.js'
import { acceptUploads, readUpload, UNCHECKED_BODY } from '../../http/upload.js'
import * as companies from '../../services/companies/companies.js'
import { SameCompanyError } from '../../services/companies/companies.js'
import { likelyDuplicates, markDistinct } from '../../services/companies/identity.js'
import * as reps from '../../services/companies/representatives.js'
import { getLogo, setLogo } from '../../services/companies/logos.js'
import { followState } from '../../services/network/follows.js'
import { boardOf } from '../../services/talk/channels.js'
import { roundAnonymitySet } from '../../services/talk/keys.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { PUBLIC } from '../../http/session-scope.js'

const SlugParam = Type.Object({ slug: Type.String({ maxLength: 64 }) })
const brief = (c: { slug: string; name: string; domains: string[]; members: number }) => ({ slug: c.slug, name: c.name, domains: c.domains, members: c.members })

export function companyRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const page = async (slug: string, accountId: string) => {
      const c = await companies.findCompany(ctx, slug)
      const [memberCount, members, board, follows, representatives, canManageRepresentatives] = await Promise.all([
        companies.countCurrentMembers(ctx.db, c.id, dayOf(ctx.clock.now())),
        companies.listShownMembers(ctx, c.id, accountId),
        boardOf(ctx, accountId, c),
        followState(ctx, accountId, { companyId: c.id }),
        reps.listRepresentatives(ctx, c.id),
        reps.canManageRepresentatives(ctx, accountId, c.id),
      ])
      return {
        slug: c.slug,
        name: c.name,
        domains: c.domains,
        industry: c.industry,
        sizeBand: c.sizeBand,
        description: c.description,
        website: c.website,
        locations: c.locations,
        hasLogo: c.logo !== null,
        memberCount: roundAnonymitySet(memberCount),
        members: members.map((m) => ({ handle: m.handle, name: m.name, headline: m.headline })),
        representatives,
        canManageRepresentatives,
        // The same rule: an admin, or a representative (who edits the profile, not the name or domains).
        canEditProfile: canManageRepresentatives,
        ...follows,
        board,
      }
    }

    app.get(
      '/companies',
      {
        schema: {
          tags: ['companies'],
          summary: 'Find companies',
          security: SESSION_SECURITY,
          querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })) }),
          response: { 200: CompanyList, ...problems(400, 401) },
        },
      },
      async (req, reply) => {
        const rows = await companies.searchCompanies(ctx, req.query.q ?? '', req.query.limit ?? 50)
        return { companies: rows.map((r) => ({ slug: r.slug, name: r.name, industry: r.industry, hasLogo: Boolean(r.hasLogo) })) }
      },
    )

    app.get(
      '/companies/:slug',
      { schema: { tags: ['companies'], summary: 'A company page', security: SESSION_SECURITY, params: SlugParam, response: { 200: Company, ...problems(401, 404) } } },
      async (req, reply) => {
        return page(req.params.slug, sessionOf(req).accountId)
      },
    )

    app.patch(
      '/companies/:slug',
      {
        schema: {
          tags: ['companies'],
          summary: 'Edit a company (admins; representatives the profile)',
          description: 'Rename, describe, set the website and locations, add e-mail domains. Representatives edit the profile (description, industry, size, website, locations), not the name or the domains: 403 for those, nothing changed. 409 `domain_taken` for a domain of another company (merge instead).',
          security: SESSION_SECURITY,
          params: SlugParam,
          body: UpdateCompany,
          response: { 200: Company, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        const c = await companies.findCompany(ctx, req.params.slug)
        await reps.requireProfileEditor(ctx, accountId, c.id, Object.keys(req.body))
        await companies.updateCompany(ctx, req.params.slug, req.body)
        return page(req.params.slug, accountId)
      },
    )

    app.post(
      '/companies/:slug/merge',
      {
        schema: {
          tags: ['companies'],
          summary: 'Merge this company into another (admins)',
          description: 'Domains and verified members move to `into`; this company is deleted.',
          security: SESSION_SECURITY,
          params: SlugParam,
          body: MergeCompany,
          response: { 200: CompanyRef, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        await requireRole(ctx, req, 'admin')
        return companies.mergeCompanies(ctx, req.params.slug, req.body.into)
      },
    )

    app.post(
      '/companies/:slug/representatives',
      {
        schema: {
          tags: ['companies'],
          summary: 'Make a verified employee a representative (admins, representatives)',
          description: 'A representative speaks for the company in its own name (employer responses, jobs) while their employment is current. 409 `not_employee` for a member who is not a current verified employee; 403 for anyone but an admin or a representative.',
          security: SESSION_SECURITY,
          params: SlugParam,
          body: AddRepresentative,
          response: { 204: NoContent, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        await reps.grantRepresentative(ctx, sessionOf(req).accountId, req.params.slug, req.body.handle)
        return reply.code(204).send(null)
      },
    )

    app.delete(
      '/companies/:slug/representatives/:handle',
      {
        schema: {
          tags: ['companies'],
          summary: 'End a representative’s role (admins, representatives; also one’s own)',
          security: SESSION_SECURITY,
          params: Type.Object({ slug: Type.String({ maxLength: 64 }), handle: Type.String({ maxLength: 64 }) }),
          response: { 204: NoContent, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        await reps.revokeRepresentative(ctx, sessionOf(req).accountId, req.params.slug, req.params.handle)
        return reply.code(204).send(null)
      },
    )

    app.get(
      '/admin/companies/duplicates',
      {
        schema: {
          tags: ['companies'],
          summary: 'Likely duplicate companies (admins)',
          description: 'Companies waiting as possible duplicates of another (made for a new e-mail domain of the same name) first, then pairs of the same name, a domain of the same name, or a similar name; less the pairs marked not the same.',
          security: SESSION_SECURITY,
          response: { 200: DuplicateList, ...problems(401, 403) },
        },
      },
      async (req) => {
        await requireRole(ctx, req, 'admin')
        const pairs = await likelyDuplicates(ctx.db, dayOf(ctx.clock.now()))
        return { pairs: pairs.map((p) => ({ a: brief(p.a), b: brief(p.b), reasons: p.reasons })) }
      },
    )

    app.post(
      '/admin/companies/duplicates/distinct',
      {
        schema: {
          tags: ['companies'],
          summary: 'Two companies are not the same (admins)',
          description: 'The pair leaves the list of likely duplicates for good; a company waiting on the other stops waiting. 404 for an unknown slug.',
          security: SESSION_SECURITY,
          body: DistinctCompanies,
          response: { 204: NoContent, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        await requireRole(ctx, req, 'admin')
        const [a, b] = await Promise.all([companies.findCompany(ctx, req.body.a), companies.findCompany(ctx, req.body.b)])
        if (a.id === b.id) throw new SameCompanyError()
        await markDistinct(ctx.db, a.id, b.id)
        return reply.code(204).send(null)
      },
    )

    app.get(
      '/companies/:slug/logo',
      {
        config: PUBLIC,
        schema: {
          tags: ['companies'],
          summary: "A company's logo",
          description: 'A 256×256 WebP; public, like the company name.',
          params: SlugParam,
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problems(404) },
        },
      },
      async (req, reply) => reply.header('cache-control', 'public, max-age=300').type('image/webp').send(await getLogo(ctx, req.params.slug)),
    )

    app.delete(
      '/companies/:slug/logo',
      { schema: { tags: ['companies'], summary: 'Remove the logo (admins, representatives)', security: SESSION_SECURITY, params: SlugParam, response: { 204: NoContent, ...problems(401, 403, 404) } } },
      async (req, reply) => {
        const c = await companies.findCompany(ctx, req.params.slug)
        await reps.requireProfileEditor(ctx, sessionOf(req).accountId, c.id, ['logo'])
        await setLogo(ctx, req.params.slug, null)
        return reply.code(204).send(null)
      },
    )

    await app.register(async (upload) => {
      await acceptUploads(upload, LOGO.maxBytes)
      upload.put(
        '/companies/:slug/logo',
        {
          schema: {
            tags: ['companies'],
            summary: 'Upload the logo (admins, representatives)',
            description: 'multipart/form-data with `logo`: JPEG, PNG or WebP, at most 1 MB. Stored as a 256×256 WebP without metadata.',
            security: SESSION_SECURITY,
            consumes: ['multipart/form-data'],
            params: SlugParam,
            body: LogoUpload,
            response: { 204: NoContent, ...problems(400, 401, 403, 404, 413, 415) },
          },
          ...UNCHECKED_BODY,
        },
        async (req, reply) => {
          const c = await companies.findCompany(ctx, (req.params as { slug: string }).slug)
          await reps.requireProfileEditor(ctx, sessionOf(req).accountId, c.id, ['logo'])
          const upload = await readUpload(req, 'logo', [])
          upload.done()
          await setLogo(ctx, (req.params as { slug: string }).slug, upload.file)
          return reply.code(204).send(null)
        },
      )
    })
  }
}
