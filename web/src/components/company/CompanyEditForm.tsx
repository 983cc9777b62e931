import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Company, UpdateCompany } from '../../../../shared/src/api/index.js'
import { COMPANIES } from '../../../../shared/src/api/limits.js'
import { api } from '../../api/client.js'
import { clientFormError, focusFirstInvalid, toFormError, type FieldErrors, type FormError } from '../../lib/problem.js'
import { SelectField, TextArea, TextField } from '../Field.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'

const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/
export const SIZE_BANDS = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001-10000', '10000+']
const FIELDS = new Set(['/name', '/industry', '/sizeBand', '/description', '/website', '/locations', '/addDomains'])
const WEBSITE = /^https?:\/\/[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$/
/** One place per line, blank lines left out. */
const placesOf = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean)

/**
 * Admins: rename, describe, add an e-mail domain; a representative (`admin` false): the profile
 * alone — the name and the domains are the admins' (the server refuses them too). Only changed
 * fields are sent.
 */
export function CompanyEditForm({ company, onSaved, admin = true }: { company: Company; onSaved: (c: Company) => void; admin?: boolean }) {
  const { t } = useTranslation()
  const [name, setName] = useState(company.name)
  const [industry, setIndustry] = useState(company.industry)
  const [sizeBand, setSizeBand] = useState(company.sizeBand)
  const [description, setDescription] = useState(company.description)
  const [website, setWebsite] = useState(company.website)
  const [locations, setLocations] = useState(company.locations.join('\n'))
  const [domain, setDomain] = useState('')
  const [error, setError] = useState<FormError | null>(null)
  const [status, setStatus] = useState<'saved' | 'nothing' | null>(null)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)

  // Another company page (or saved values): start from its values. Only the fields edited here
  // count, so a new logo does not wipe an edit in progress.
  useEffect(() => {
    setName(company.name)
    setIndustry(company.industry)
    setSizeBand(company.sizeBand)
    setDescription(company.description)
    setWebsite(company.website)
    setLocations(company.locations.join('\n'))
  }, [company.slug, company.name, company.industry, company.sizeBand, company.description, company.website, company.locations])

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    setStatus(null)
    const f: FieldErrors = {}
    const d = domain.trim().toLowerCase()
    if (admin && !name.trim()) f['/name'] = t('validation.required')
    if (d && !DOMAIN.test(d)) f['/addDomains'] = t('verify.badge.domainFormat')
    const site = website.trim()
    if (site && (!WEBSITE.test(site) || site.length > COMPANIES.websiteLength)) f['/website'] = t('company.admin.websiteFormat')
    const places = placesOf(locations)
    if (places.length > COMPANIES.maxLocations) f['/locations'] = t('company.admin.tooManyLocations', { max: COMPANIES.maxLocations })
    else if (places.some((l) => l.length > COMPANIES.locationLength)) f['/locations'] = t('company.admin.locationTooLong', { max: COMPANIES.locationLength })
    const invalid = clientFormError(t, f)
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    const patch: UpdateCompany = {}
    if (admin && name.trim() !== company.name) patch.name = name.trim()
    if (industry.trim() !== company.industry) patch.industry = industry.trim()
    if (sizeBand !== company.sizeBand) patch.sizeBand = sizeBand
    if (description !== company.description) patch.description = description
    if (site !== company.website) patch.website = site
    if (places.join('\n') !== company.locations.join('\n')) patch.locations = places
    if (admin && d) patch.addDomains = [d]
    if (Object.keys(patch).length === 0) return setStatus('nothing')
    setBusy(true)
    try {
      const saved = await api.updateCompany(company.slug, patch)
      setDomain('')
      onSaved(saved)
      setStatus('saved')
    } catch (err) {
      setError(toFormError(t, err, {
        knows: (p) => FIELDS.has(p),
        mapPointer: (p) => (p.startsWith('/addDomains') ? '/addDomains' : p.startsWith('/locations') ? '/locations' : p),
        codeFields: { domain_taken: '/addDomains' },
      }))
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  const fe = error?.fields ?? {}
  return (
    <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="edit-title" className="admin-form">
      <h3 id="edit-title">{t('company.admin.edit')}</h3>
      <FormAlert error={error} />
      <div className="grid-2 tight">
        {admin && (
          <TextField id="company-name-input" label={t('company.admin.name')} value={name} maxLength={100} required
            onChange={(e) => setName(e.target.value)} error={fe['/name']} />
        )}
        <TextField id="company-industry" label={t('company.admin.industry')} value={industry} maxLength={100} optional
          onChange={(e) => setIndustry(e.target.value)} error={fe['/industry']} />
      </div>
      <SelectField id="company-size" label={t('company.admin.sizeBand')} value={sizeBand} optional
        onChange={(e) => setSizeBand(e.target.value)} error={fe['/sizeBand']}>
        <option value="">{t('company.admin.sizeUnknown')}</option>
        {!SIZE_BANDS.includes(company.sizeBand) && company.sizeBand && <option value={company.sizeBand}>{company.sizeBand}</option>}
        {SIZE_BANDS.map((b) => (
          <option key={b} value={b}>{t('company.size', { size: b })}</option>
        ))}
      </SelectField>
      <TextArea id="company-description" label={t('company.admin.description')} value={description} maxLength={2000} optional
        rows={4} onChange={(e) => setDescription(e.target.value)} error={fe['/description']} />
      <TextField id="company-website" label={t('company.admin.website')} value={website} maxLength={COMPANIES.websiteLength} optional
        inputMode="url" autoCapitalize="none" spellCheck={false} hint={t('company.admin.websiteHint')}
        onChange={(e) => setWebsite(e.target.value)} error={fe['/website']} />
      <TextArea id="company-locations" label={t('company.admin.locations')} value={locations} maxLength={COMPANIES.maxLocations * (COMPANIES.locationLength + 1)} optional
        rows={3} hint={t('company.admin.locationsHint', { max: COMPANIES.maxLocations })} onChange={(e) => setLocations(e.target.value)} error={fe['/locations']} />
      {admin && (
        <TextField id="company-domain" label={t('company.admin.addDomain')} value={domain} maxLength={253} optional
          inputMode="url" autoCapitalize="none" spellCheck={false} hint={t('company.admin.addDomainHint')}
          onChange={(e) => setDomain(e.target.value)} error={fe['/addDomains']} />
      )}
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? t('company.admin.saving') : t('company.admin.save')}
        </button>
        <StatusMessage message={status && t(`company.admin.${status}`)} className="status-success" />
      </div>
    </form>
  )
}
