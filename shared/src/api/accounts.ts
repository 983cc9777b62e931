import { Type, type Static } from '@sinclair/typebox'
import { PhotoFields } from './account-extras.js'
import { LANGUAGES, LIMITS } from './limits.js'
import { Profile } from './profiles.js'
import { MyEmployment } from './verifications.js'

const Email = Type.String({ format: 'email', maxLength: LIMITS.emailLength, description: 'Login e-mail; compared case-insensitively.' })
const Password = Type.String({ minLength: 1, maxLength: LIMITS.passwordMaxLength })
const NewPassword = Type.String({
  minLength: LIMITS.passwordMinLength,
  maxLength: LIMITS.passwordMaxLength,
  description: `At least ${LIMITS.passwordMinLength} characters and not one of the most common passwords.`,
})
export const Name = Type.String({ minLength: 1, maxLength: LIMITS.nameLength, pattern: '\\S' })
export const Handle = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$', description: 'Public handle, generated at sign-up.' })
export const Language = Type.Union(LANGUAGES.map((l) => Type.Literal(l)))
export type Language = Static<typeof Language>

export const CreateAccount = Type.Object(
  { name: Name, email: Email, password: NewPassword, language: Type.Optional(Language) },
  { additionalProperties: false },
)
export type CreateAccount = Static<typeof CreateAccount>
export const AccountCreated = Type.Object({ id: Type.String({ format: 'uuid' }), handle: Handle })
export type AccountCreated = Static<typeof AccountCreated>

export const CreateSession = Type.Object({ email: Email, password: Password }, { additionalProperties: false })
export type CreateSession = Static<typeof CreateSession>
export const SessionCreated = Type.Object({ id: Type.String({ format: 'uuid' }), handle: Handle })


export const Me = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  handle: Handle,
  email: Type.String(),
  language: Language,
  createdOn: Type.String({ format: 'date' }),
  role: Type.Union([Type.Literal('member'), Type.Literal('reviewer'), Type.Literal('moderator'), Type.Literal('admin')]),
  employments: Type.Array(MyEmployment),
  profile: Profile,
  ...PhotoFields,
})
export type Me = Static<typeof Me>

export const UpdateMe = Type.Object(
  { name: Type.Optional(Name), language: Type.Optional(Language) },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateMe = Static<typeof UpdateMe>

export const ChangePassword = Type.Object(
  { currentPassword: Password, newPassword: NewPassword },
  { additionalProperties: false },
)
export type ChangePassword = Static<typeof ChangePassword>

export const DeleteAccount = Type.Object({ password: Password }, { additionalProperties: false })
export type DeleteAccount = Static<typeof DeleteAccount>
