import { useTranslation } from 'react-i18next'
import { DownloadData } from '../components/account/DownloadData.js'
import { SignedInDevices } from '../components/account/SignedInDevices.js'
import { HandleForm } from '../components/account2/HandleForm.js'
import { TwoStepForm } from '../components/account2/TwoStepForm.js'
import { EmailNotificationsForm } from '../components/digest/EmailNotificationsForm.js'
import { MyEmployments } from '../components/MyEmployments.js'
import { BlockedMembers } from '../components/network/BlockedMembers.js'
import { DeleteAccountForm } from '../components/settings/DeleteAccountForm.js'
import { LanguageForm } from '../components/settings/LanguageForm.js'
import { NameForm } from '../components/settings/NameForm.js'
import { PasswordForm } from '../components/settings/PasswordForm.js'
import { TalkIdentity } from '../components/settings/TalkIdentity.js'
import { usePageTitle } from '../lib/use-page-title.js'
import { useSession } from '../session/session-context.js'

/** Rendered inside <RequireAuth>, so the account is loaded. */
export default function Settings() {
  const { t } = useTranslation()
  const { me } = useSession()
  usePageTitle(t('settings.title'))
  if (!me) return null
  return (
    <div className="settings">
      <h1>{t('settings.title')}</h1>
      <NameForm me={me} />
      <HandleForm me={me} />
      <MyEmployments />
      <LanguageForm />
      <EmailNotificationsForm />
      <TalkIdentity />
      <BlockedMembers />
      <PasswordForm />
      <SignedInDevices />
      <DownloadData />
      <TwoStepForm />
      <DeleteAccountForm />
    </div>
  )
}
