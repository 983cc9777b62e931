import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { PhotoForm } from '../components/account2/PhotoForm.js'
import { Link } from 'react-router-dom'
import type { Me, Visibility } from '../../../shared/src/api/index.js'
import { LIMITS } from '../../../shared/src/api/limits.js'
import { api } from '../api/client.js'
import { EducationEditor } from '../components/EducationEditor.js'
import { ExperienceEditor } from '../components/ExperienceEditor.js'
import { SelectField, TextArea, TextField } from '../components/Field.js'
import { FormAlert, StatusMessage } from '../components/FormAlert.js'
import { SkillsEditor } from '../components/SkillsEditor.js'
import { clientFormError, focusFirstInvalid, toFormError, type FormError } from '../lib/problem.js'
import { knowsProfilePointer, mapProfilePointer, toDraft, toUpdate, validateDraft, type ProfileDraft } from '../lib/profile-draft.js'
import { usePageTitle } from '../lib/use-page-title.js'
import { useSession } from '../session/session-context.js'

/** Rendered inside <RequireAuth>, so the account is loaded. */
export default function ProfileEdit() {
  const { me } = useSession()
  return me ? <Editor me={me} /> : null
}

function Editor({ me }: { me: Me }) {
  const { t } = useTranslation()
  const session = useSession()
  const [draft, setDraft] = useState<ProfileDraft>(() => toDraft(me.profile))
  const [error, setError] = useState<FormError | null>(null)
  const [saved, setSaved] = useState(false)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  usePageTitle(t('editor.title'))

  function change<K extends keyof ProfileDraft>(key: K, value: ProfileDraft[K]) {
    setDraft((d) => ({ ...d, [key]: value }))
    setSaved(false)
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const invalid = clientFormError(t, validateDraft(t, draft))
    setError(invalid)
    setSaved(false)
    if (invalid) return focusFirstInvalid(formRef.current)
    setBusy(true)
    try {
      const profile = await api.updateProfile(toUpdate(draft))
      session.setMe({ ...me, profile })
      setSaved(true)
    } catch (err) {
      setError(toFormError(t, err, { knows: knowsProfilePointer, mapPointer: mapProfilePointer }))
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  const fe = error?.fields ?? {}
  return (
    <div className="editor">
      <div className="page-head">
        <h1 id="editor-title">{t('editor.title')}</h1>
        <p className="muted">{t('editor.intro')}</p>
      </div>
      <PhotoForm me={me} />
      <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="editor-title">

      <section className="card" aria-labelledby="basics-title">
        <h2 id="basics-title">{t('editor.basics')}</h2>
        <TextField id="profile-headline" label={t('editor.headline')} hint={t('editor.headlineHint')} value={draft.headline}
          maxLength={LIMITS.headlineLength} onChange={(e) => change('headline', e.target.value)} error={fe['/headline']} />
        <TextField id="profile-location" label={t('editor.location')} value={draft.location} maxLength={LIMITS.locationLength}
          onChange={(e) => change('location', e.target.value)} error={fe['/location']} autoComplete="address-level2" />
        <TextArea id="profile-about" label={t('editor.about')} rows={6} value={draft.about} maxLength={LIMITS.aboutLength}
          onChange={(e) => change('about', e.target.value)} error={fe['/about']} />
      </section>

      <ExperienceEditor items={draft.experience} onChange={(v) => change('experience', v)} errors={fe} />
      <EducationEditor items={draft.education} onChange={(v) => change('education', v)} errors={fe} />
      <SkillsEditor skills={draft.skills} onChange={(v) => change('skills', v)} error={fe['/skills']} />

      <section className="card" aria-labelledby="visibility-title">
        <h2 id="visibility-title">{t('editor.visibility.title')}</h2>
        <SelectField id="profile-visibility" label={t('editor.visibility.label')} hint={t('editor.visibility.hint')} value={draft.visibility}
          onChange={(e) => change('visibility', e.target.value as Visibility)} error={fe['/visibility']}>
          <option value="members">{t('editor.visibility.members')}</option>
          <option value="connections">{t('editor.visibility.connections')}</option>
        </SelectField>
      </section>

      <div className="save-bar">
        <FormAlert error={error} />
        <div className="save-row">
          <button type="submit" className="button button-primary" aria-disabled={busy}>
            {busy ? t('editor.saving') : t('editor.save')}
          </button>
          <StatusMessage message={saved ? t('editor.saved') : null} className="status-success" />
          <Link to={`/in/${me.handle}`} className="save-view">
            {t('editor.viewProfile')}
          </Link>
        </div>
      </div>
      </form>
    </div>
  )
}
