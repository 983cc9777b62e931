import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'

/** A profile's "Message" button: opens (or starts) the one-to-one conversation. */
export function MessageButton({ handle }: { handle: string }) {
  const { t } = useTranslation()
  return (
    <Link to={`/messages?to=${encodeURIComponent(handle)}`} className="button button-secondary">
      {t('messages.message')}
    </Link>
  )
}
