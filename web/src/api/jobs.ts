import type {
  Application,
  ApplicationList,
  ApplicationStatus,
  CreateJob,
  CreateJobAlert,
  Job,
  JobAlert,
  JobPage,
  JobQuery,
  UpdateJob,
} from '../../../shared/src/api/jobs.js'
import { request } from './client.js'

const enc = encodeURIComponent
const BASE = '/api/v1'

/** `?a=1&b=2` of the set values, or '' when none is set. */
function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

export interface Referrers {
  referrers: { handle: string; name: string; headline: string }[]
  /** Handles the viewer already asked for this job. */
  asked: string[]
}

/** Where the browser downloads an application's résumé (its applicant and the company's representatives). */
export const resumeUrl = (applicationId: string) => `${BASE}/applications/${enc(applicationId)}/resume`

/** Jobs, applications, saved jobs, alerts and referrals (issue 10): all real-name, session side. */
export const jobsApi = {
  list: (q: JobQuery = {}) =>
    request<JobPage>('GET', `/jobs${query({ q: q.q, location: q.location, workplace: q.workplace, salaryMin: q.salaryMin, currency: q.currency, company: q.company, cursor: q.cursor })}`),
  create: (body: CreateJob) => request<Job>('POST', '/jobs', body),
  get: (id: string) => request<Job>('GET', `/jobs/${enc(id)}`),
  update: (id: string, body: UpdateJob) => request<Job>('PATCH', `/jobs/${enc(id)}`, body),
  companyJobs: (slug: string) => request<JobPage>('GET', `/companies/${enc(slug)}/jobs`),

  /** multipart/form-data: the note and, if chosen, the résumé (a PDF). */
  apply: (id: string, note: string, resume: File | null) => {
    const fd = new FormData()
    fd.append('note', note)
    if (resume) fd.append('resume', resume, resume.name)
    return request<Application>('POST', `/jobs/${enc(id)}/applications`, fd)
  },
  myApplications: () => request<ApplicationList>('GET', '/me/applications'),
  withdraw: (id: string) => request<Application>('POST', `/applications/${enc(id)}/withdraw`),
  companyApplications: (slug: string, f: { job?: string | undefined; status?: ApplicationStatus | undefined } = {}) =>
    request<ApplicationList>('GET', `/companies/${enc(slug)}/applications${query({ job: f.job, status: f.status })}`),
  setStatus: (id: string, status: Exclude<ApplicationStatus, 'withdrawn'>) => request<Application>('PATCH', `/applications/${enc(id)}`, { status }),

  save: (id: string) => request<void>('PUT', `/jobs/${enc(id)}/saved`),
  unsave: (id: string) => request<void>('DELETE', `/jobs/${enc(id)}/saved`),
  saved: () => request<JobPage>('GET', '/me/saved-jobs'),

  alerts: () => request<{ alerts: JobAlert[] }>('GET', '/me/job-alerts'),
  createAlert: (body: CreateJobAlert) => request<JobAlert>('POST', '/me/job-alerts', body),
  deleteAlert: (id: string) => request<void>('DELETE', `/me/job-alerts/${enc(id)}`),

  referrers: (id: string) => request<Referrers>('GET', `/jobs/${enc(id)}/referrers`),
  askReferral: (id: string, handle: string, note: string) => request<{ conversationId: string }>('POST', `/jobs/${enc(id)}/referral-requests`, { handle, note }),

  /** An employee takes (or stops taking) referral requests for this employment's company. */
  setAcceptsReferrals: (employmentId: string, acceptsReferrals: boolean) => request<void>('PATCH', `/me/employments/${enc(employmentId)}`, { acceptsReferrals }),
}
