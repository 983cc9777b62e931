import { useTranslation } from 'react-i18next'

/** A page that could not load: the reason, announced, and a way to try again. */
export function LoadFailed({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useTranslation()
  return (
    <section className="card narrow">
      <h1>{t('errors.loadFailed')}</h1>
      <p role="alert">{message}</p>
      <button type="button" className="button button-secondary" onClick={onRetry}>
        {t('errors.retry')}
      </button>
    </section>
  )
}

/** Part of a page that could not load: the reason in an alert, and a way to try again. */
export function RetryAlert({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useTranslation()
  return (
    <div className="alert alert-error" role="alert">
      <p>{message}</p>
      <button type="button" className="button button-secondary" onClick={onRetry}>
        {t('errors.retry')}
      </button>
    </div>
  )
}
