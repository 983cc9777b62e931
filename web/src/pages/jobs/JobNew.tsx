import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { JobForm } from '../../components/jobs/JobForm.js'
import { useRepresented } from '../../components/jobs/use-represented.js'
import { Loading } from '../../components/Loading.js'
import { usePageTitle } from '../../lib/use-page-title.js'

/** Rendered inside <RequireAuth>. /jobs/new?company={slug}: a representative posts a job for a company they represent. */
export default function JobNew() {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const represented = useRepresented()
  const wanted = params.get('company') ?? ''
  usePageTitle(t('jobs.post.title'))

  if (represented === null) return <Loading />
  return (
    <div className="job-new">
      <p className="breadcrumb"><Link to="/jobs">{t('jobs.search.title')}</Link></p>
      <h1>{t('jobs.post.title')}</h1>
      {represented.length === 0 ? (
        <section className="card">
          <p>{t('jobs.post.notRepresentative')}</p>
          <Link to="/jobs">{t('jobs.job.back')}</Link>
        </section>
      ) : (
        <section className="card">
          {wanted && !represented.some((c) => c.slug === wanted) && (
            <p role="alert" className="alert alert-error">{t('jobs.post.notThisCompany', { company: wanted })}</p>
          )}
          <JobForm mode="create" companies={represented} company={represented.some((c) => c.slug === wanted) ? wanted : ''}
            onSaved={(job) => navigate(`/jobs/${job.id}`, { state: { posted: true } })} />
        </section>
      )}
    </div>
  )
}
