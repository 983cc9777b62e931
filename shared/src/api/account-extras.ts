import { Type, type Static } from '@sinclair/typebox'
import { HANDLE, TOTP } from './limits.js'

/** A handle as a member types it; the server lowers it. */
export const ChosenHandle = Type.String({
  minLength: HANDLE.minLength,
  maxLength: HANDLE.maxLength,
  pattern: HANDLE.pattern,
  description: `${HANDLE.minLength}–${HANDLE.maxLength} letters, digits and single hyphens; compared in lower case; some words are reserved.`,
})

export const ChangeHandle = Type.Object({ handle: ChosenHandle }, { additionalProperties: false })
export type ChangeHandle = Static<typeof ChangeHandle>

/** GET /users/{old handle} while the old handle is kept: 301 to the new URL, with this body. */
export const HandleMoved = Type.Object(
  { movedTo: Type.String({ description: 'The member’s current handle.' }) },
  { description: 'The handle was changed: `Location` names the profile under the new one.' },
)
export type HandleMoved = Static<typeof HandleMoved>

const PhotoUrl = Type.Union([Type.String(), Type.Null()])
/** What profile answers carry about the photo: versioned URLs on our origin, or null without one. */
export const PhotoFields = {
  photoUrl: PhotoUrl,
  avatarUrl: PhotoUrl,
}
export const PhotoUrls = Type.Object({ photoUrl: PhotoUrl, avatarUrl: PhotoUrl })
export type PhotoUrls = Static<typeof PhotoUrls>

export const PhotoUpload = Type.Object(
  { photo: Type.String({ format: 'binary', description: 'JPEG, PNG or WebP, at most 5 MB; stored as WebP squares without metadata.' }) },
  { description: 'multipart/form-data' },
)

export const PhotoParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  size: Type.Union([Type.Literal('avatar'), Type.Literal('page')]),
})

const TotpCode = Type.String({ pattern: `^\\d{${TOTP.digits}}$`, description: `${TOTP.digits} digits from the authenticator app.` })
/** A TOTP code or one of the recovery codes. */
const TotpOrRecoveryCode = Type.String({
  maxLength: 11,
  pattern: `^(\\d{${TOTP.digits}}|[a-z0-9]{5}-[a-z0-9]{5})$`,
  description: `${TOTP.digits} digits from the authenticator app, or a recovery code ("abcde-12345").`,
})

export const TotpStatus = Type.Object({ enabled: Type.Boolean() })
export type TotpStatus = Static<typeof TotpStatus>

export const TotpEnrolment = Type.Object({
  secret: Type.String({ description: 'Base32, for typing into an authenticator app.' }),
  otpauthUrl: Type.String({ description: 'otpauth://totp/… for a QR code.' }),
})
export type TotpEnrolment = Static<typeof TotpEnrolment>

export const ConfirmTotp = Type.Object({ code: TotpCode }, { additionalProperties: false })
export type ConfirmTotp = Static<typeof ConfirmTotp>

export const RecoveryCodes = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'Shown this once; each signs in once instead of a code. Only their HMACs are kept.' }),
})
export type RecoveryCodes = Static<typeof RecoveryCodes>

export const DisableTotp = Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }), code: TotpOrRecoveryCode }, { additionalProperties: false })
export type DisableTotp = Static<typeof DisableTotp>

export const SecondFactor = Type.Object(
  { challenge: Type.String({ minLength: 1, maxLength: 512 }), code: TotpOrRecoveryCode },
  { additionalProperties: false },
)
export type SecondFactor = Static<typeof SecondFactor>
