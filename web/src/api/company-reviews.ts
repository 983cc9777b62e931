import type { InterviewPage, ReviewPage, ReviewQuery, ReviewResponse, SalaryCells } from '../../../shared/src/api/company-reviews.js'
import { request } from './client.js'

const enc = encodeURIComponent

/** `?a=1&b=2` of the set values, or '' when none is set. */
function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

/**
 * The session side of company reviews, salaries and interviews (issue 10): reading them, and a
 * representative's public answer to a review. Writing a review, a salary or an interview report,
 * and marking a review helpful, are anonymous: they go through the Work Talk runtime, never here.
 */
export const companyReviewsApi = {
  reviews: (slug: string, q: ReviewQuery = {}) =>
    request<ReviewPage>('GET', `/companies/${enc(slug)}/reviews${query({ cursor: q.cursor, sort: q.sort, employment: q.employment, titleFamily: q.titleFamily, rating: q.rating })}`),
  /** 201 a new answer, 200 a replaced one: the same body either way. */
  respond: (slug: string, reviewId: string, body: string) => request<ReviewResponse>('POST', `/companies/${enc(slug)}/reviews/${enc(reviewId)}/response`, { body }),
  removeResponse: (slug: string, reviewId: string) => request<void>('DELETE', `/companies/${enc(slug)}/reviews/${enc(reviewId)}/response`),
  salaries: (slug: string) => request<SalaryCells>('GET', `/companies/${enc(slug)}/salaries`),
  interviews: (slug: string, cursor?: string | null) => request<InterviewPage>('GET', `/companies/${enc(slug)}/interviews${query({ cursor })}`),
}
