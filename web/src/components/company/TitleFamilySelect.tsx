import { useTranslation } from 'react-i18next'
import { TITLE_FAMILIES, type TitleFamily } from '../../../../shared/src/api/company-reviews.js'
import { SelectField } from '../Field.js'

/** A job family (never a title: a title in a small company names its author), translated. */
export function TitleFamilySelect({ id, value, onChange, error, hint }: {
  id: string
  value: TitleFamily | ''
  onChange: (value: TitleFamily | '') => void
  error?: string | undefined
  hint?: string | undefined
}) {
  const { t } = useTranslation()
  return (
    <SelectField id={id} label={t('companyReviews.form.titleFamily')} value={value} error={error} hint={hint ?? t('companyReviews.form.titleFamilyHint')}
      onChange={(e) => onChange(e.target.value as TitleFamily | '')}>
      <option value="">{t('companyReviews.form.choose')}</option>
      {TITLE_FAMILIES.map((f) => (
        <option key={f} value={f}>{t(`companyReviews.titleFamilies.${f}`)}</option>
      ))}
    </SelectField>
  )
}
