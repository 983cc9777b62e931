import type { Static } from '@sinclair/typebox'
import type {
  AccountCreated,
  ApproveBadge,
  CompanyChoices,
  DuplicateList,
  BadgeDecided,
  BadgeSubmitted,
  ChangePassword,
  Company,
  CompanyList,
  CompanyRef,
  CreateAccount,
  CreateSession,
  DeleteAccount,
  EmailVerificationConfirmed,
  EmailVerificationStarted,
  Me,
  MySubmissions,
  Problem,
  Profile,
  PublicProfile,
  ReviewQueue,
  UpdateCompany,
  UpdateMe,
  UpdateProfile,
} from '../../../shared/src/api/index.js'

const BASE = '/api/v1'

/** A failed API call, carrying the server's RFC 9457 problem (or a synthetic one for network failures). */
export class ApiError extends Error {
  readonly problem: Problem
  /** Seconds from the Retry-After header, when the server sent one. */
  readonly retryAfter: number | null

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail || problem.title)
    this.name = 'ApiError'
    this.problem = problem
    this.retryAfter = retryAfter
  }

  get status(): number {
    return this.problem.status
  }

  get code(): string {
    return this.problem.code
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

function syntheticProblem(status: number, code: string, detail: string): Problem {
  return { type: 'about:blank', title: detail, status, detail, code }
}

function isProblem(v: unknown): v is Problem {
  if (typeof v !== 'object' || v === null) return false
  const o = v as Record<string, unknown>
  return typeof o.code === 'string' && typeof o.status === 'number'
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds))
  const at = Date.parse(value)
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000))
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** `body` is sent as JSON, except a FormData, which the browser encodes as multipart/form-data itself. */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json, application/problem+json' } }
  if (body instanceof FormData) {
    init.body = body
  } else if (body !== undefined) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' }
    init.body = JSON.stringify(body)
  }
  return send<T>(BASE + path, init)
}

/** Fetches, and reads the answer: its JSON, or an ApiError (network_error when nothing came back). */
export async function send<T>(url: string, init: RequestInit): Promise<T> {
  let res: Response
  try {
    res = await fetch(url, init)
  } catch {
    throw networkError()
  }
  return readResponse<T>(res)
}

function networkError(): ApiError {
  return new ApiError(syntheticProblem(0, 'network_error', 'The server could not be reached.'))
}

/** The JSON answer of a response, or an ApiError carrying its problem details. */
export async function readResponse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let data: unknown = undefined
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = undefined
    }
  }
  if (!res.ok) {
    const problem = isProblem(data) ? data : syntheticProblem(res.status, 'http_' + res.status, res.statusText || 'Request failed')
    throw new ApiError(problem, parseRetryAfter(res.headers.get('Retry-After')))
  }
  return data as T
}

const enc = encodeURIComponent

/** Where the browser loads a badge photo from: own (pending) or, for reviewers, any waiting one. */
export const photoUrl = {
  own: (id: string) => `${BASE}/verifications/badge/${enc(id)}/photo`,
  review: (id: string) => `${BASE}/reviews/badges/${enc(id)}/photo`,
}

/**
 * Logos are served with a 5-minute public cache. After an admin changes one in this tab, its URL
 * carries `?v=<when>` so every page showing it (company page, list) fetches the new image.
 */
const logoVersions = new Map<string, number>()

export function logoUrl(slug: string): string {
  const v = logoVersions.get(slug)
  return `${BASE}/companies/${enc(slug)}/logo${v ? `?v=${v}` : ''}`
}

export function logoChanged(slug: string): void {
  logoVersions.set(slug, Date.now())
}

export interface BadgeForm {
  photo: File
  companyName: string
  companyDomain: string
}

function badgeFormData(b: BadgeForm): FormData {
  const fd = new FormData()
  fd.append('companyName', b.companyName)
  if (b.companyDomain) fd.append('companyDomain', b.companyDomain)
  fd.append('photo', b.photo, b.photo.name)
  return fd
}

export const api = {
  createAccount: (body: CreateAccount) => request<AccountCreated>('POST', '/accounts', body),
  signIn: (body: CreateSession) => request<AccountCreated>('POST', '/sessions', body),
  signOut: () => request<void>('DELETE', '/sessions/current'),
  me: () => request<Me>('GET', '/me'),
  updateMe: (body: UpdateMe) => request<Me>('PATCH', '/me', body),
  updateProfile: (body: UpdateProfile) => request<Profile>('PUT', '/me/profile', body),
  changePassword: (body: ChangePassword) => request<void>('PUT', '/me/password', body),
  deleteAccount: (body: DeleteAccount) => request<void>('DELETE', '/me', body),
  user: (handle: string) => request<PublicProfile>('GET', '/users/' + enc(handle)),

  startEmailVerification: (email: string) => request<Static<typeof EmailVerificationStarted>>('POST', '/verifications/email', { email }),
  confirmEmailVerification: (verificationId: string, code: string) =>
    request<Static<typeof EmailVerificationConfirmed>>('POST', '/verifications/email/confirm', { verificationId, code }),
  submitBadge: (b: BadgeForm) => request<Static<typeof BadgeSubmitted>>('POST', '/verifications/badge', badgeFormData(b)),
  mySubmissions: () => request<Static<typeof MySubmissions>>('GET', '/verifications/badge'),
  setShowOnProfile: (id: string, showOnProfile: boolean) => request<void>('PATCH', `/me/employments/${enc(id)}`, { showOnProfile }),
  leaveEmployment: (id: string) => request<void>('POST', `/me/employments/${enc(id)}/leave`),

  companies: (q: string, limit = 50) => request<Static<typeof CompanyList>>('GET', `/companies?q=${enc(q)}&limit=${limit}`),
  company: (slug: string) => request<Company>('GET', `/companies/${enc(slug)}`),
  addRepresentative: (slug: string, handle: string) => request<null>('POST', `/companies/${enc(slug)}/representatives`, { handle }),
  removeRepresentative: (slug: string, handle: string) => request<null>('DELETE', `/companies/${enc(slug)}/representatives/${enc(handle)}`),
  updateCompany: (slug: string, body: UpdateCompany) => request<Company>('PATCH', `/companies/${enc(slug)}`, body),
  companyDuplicates: () => request<DuplicateList>('GET', '/admin/companies/duplicates'),
  markCompaniesDistinct: (a: string, b: string) => request<null>('POST', '/admin/companies/duplicates/distinct', { a, b }),
  mergeCompany: (slug: string, into: string) => request<Static<typeof CompanyRef>>('POST', `/companies/${enc(slug)}/merge`, { into }),
  uploadLogo: (slug: string, logo: File) => {
    const fd = new FormData()
    fd.append('logo', logo, logo.name)
    return request<void>('PUT', `/companies/${enc(slug)}/logo`, fd)
  },
  removeLogo: (slug: string) => request<void>('DELETE', `/companies/${enc(slug)}/logo`),

  reviewQueue: () => request<Static<typeof ReviewQueue>>('GET', '/reviews/badges'),
  badgeCompanies: (id: string, q?: string) => request<CompanyChoices>('GET', `/reviews/badges/${enc(id)}/companies${q ? `?q=${enc(q)}` : ''}`),
  approveBadge: (id: string, body: ApproveBadge) => request<Static<typeof BadgeDecided>>('POST', `/reviews/badges/${enc(id)}/approve`, body),
  rejectBadge: (id: string, reason: string) => request<void>('POST', `/reviews/badges/${enc(id)}/reject`, { reason }),
}
