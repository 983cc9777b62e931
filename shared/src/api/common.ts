import { Type, type Static } from '@sinclair/typebox'

/** RFC 9457 problem details, with the stable `code` every client matches on. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    reason: Type.Optional(
      Type.String({ description: 'For 400 bad_code: wrong, expired, used or exhausted (too many tries). For 403 invalid_token: wrong_purpose when the token is valid but of a key for other writes (a `talk` token on a vote), so the client need not doubt the key.' }),
    ),
    triesLeft: Type.Optional(Type.Integer({ description: 'For 400 bad_code with reason wrong: tries left.' })),
    challenge: Type.Optional(
      Type.String({ description: 'For 401 second_factor_required: send it with a code to POST /sessions/second-factor.' }),
    ),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
        description: 'For 400 validation_failed: each bad field, named by its JSON pointer path.',
      }),
    ),
    matches: Type.Optional(
      Type.Array(Type.Object({ slug: Type.String(), name: Type.String(), domains: Type.Array(Type.String()), reason: Type.String() }), {
        description: 'For 409 near_matches: the companies that may be the one named (reason: same_name, same_domain_name or similar_name).',
      }),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details (application/problem+json).' },
)
export type Problem = Static<typeof Problem>

export const NoContent = Type.Null({ description: 'No content.' })

/** Plain text that must not be only white space. */
export const Text = (maxLength: number, opts: { minLength?: number; description?: string } = {}) =>
  Type.String({ maxLength, minLength: opts.minLength ?? 0, description: opts.description })
