import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router-dom'
import { MyEmployments } from '../components/MyEmployments.js'
import { Tabs } from '../components/Tabs.js'
import { BadgeForm } from '../components/verify/BadgeForm.js'
import { BadgeSubmissions } from '../components/verify/BadgeSubmissions.js'
import { EmailVerification } from '../components/verify/EmailVerification.js'
import { usePageTitle } from '../lib/use-page-title.js'

type Method = 'email' | 'badge'

/** Rendered inside <RequireAuth>. The method is kept in ?method= so it survives a reload. */
export default function Verify() {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const method: Method = params.get('method') === 'badge' ? 'badge' : 'email'
  const [version, setVersion] = useState(0)
  usePageTitle(t('verify.title'))

  const select = (m: Method) => setParams(m === 'email' ? {} : { method: m }, { replace: true })

  return (
    <div className="verify">
      <h1>{t('verify.title')}</h1>
      <p className="lead">{t('verify.intro')}</p>
      <MyEmployments hideWhenEmpty />
      <section className="card" aria-labelledby="methods-title">
        <h2 id="methods-title">{t('verify.methods')}</h2>
        <Tabs
          id="verify"
          label={t('verify.methods')}
          selected={method}
          onSelect={select}
          tabs={[
            { key: 'email', label: t('verify.email.tab'), panel: <EmailVerification /> },
            {
              key: 'badge',
              label: t('verify.badge.tab'),
              panel: (
                <>
                  <BadgeForm onSubmitted={() => setVersion((v) => v + 1)} />
                  <BadgeSubmissions version={version} />
                </>
              ),
            },
          ]}
        />
      </section>
    </div>
  )
}
