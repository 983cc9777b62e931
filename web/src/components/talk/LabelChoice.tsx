import { useTranslation } from 'react-i18next'
import type { Voice } from '../../talk/voices.js'
import { anonymitySetText, voiceLabel } from './author.js'

/** Below this many possible authors, the composer adds a word of caution. */
const SMALL_SET = 10

/**
 * "Post as": one radio per voice (the exact label readers will see), plus an alias. Under it, the
 * label as it will appear and the anonymity set ("you are one of ~N …").
 */
export function LabelChoice({ id, voices, voiceId, label, alias, onChange }: {
  id: string
  voices: Voice[]
  voiceId: string
  label: 'company' | 'alias'
  alias: string | null
  onChange: (v: { voiceId: string; label: 'company' | 'alias' }) => void
}) {
  const { t } = useTranslation()
  const voice = voices.find((v) => v.id === voiceId) ?? voices[0]
  if (!voice) return null
  const shown = label === 'alias' ? (alias ?? '…') : voiceLabel(t, voice)
  const small = voice.key.anonymitySet < SMALL_SET
  const professional = voices.some((v) => v.kind === 'professional')
  return (
    <fieldset className="choice-group" aria-describedby={`${id}-shown ${id}-set`}>
      <legend>{t('talk.composer.postAs')}</legend>
      <ul className="choice-list">
        {voices.map((v) => (
          <li key={v.id} className="choice">
            <input type="radio" id={`${id}-${v.id}`} name={id} checked={label === 'company' && v.id === voice.id}
              onChange={() => onChange({ voiceId: v.id, label: 'company' })} />
            <label htmlFor={`${id}-${v.id}`}>{t('talk.composer.asLabel', { label: voiceLabel(t, v) })}</label>
          </li>
        ))}
        <li className="choice">
          <input type="radio" id={`${id}-alias`} name={id} checked={label === 'alias'} aria-describedby={`${id}-alias-hint`}
            onChange={() => onChange({ voiceId: voice.id, label: 'alias' })} />
          <label htmlFor={`${id}-alias`}>{t('talk.composer.asAlias', { alias: alias ?? '…' })}</label>
          <p id={`${id}-alias-hint`} className="hint">{t('talk.composer.aliasHint')}</p>
        </li>
      </ul>
      {professional && <p className="hint">{t('talk.composer.professionalHint')}</p>}
      <p id={`${id}-shown`} className="shown-as">
        {t('talk.composer.shownAs', { label: shown })}
      </p>
      <p id={`${id}-set`} className="anonymity-set">
        {anonymitySetText(t, voice, label === 'alias')}
        {small && <> {t('talk.composer.smallSet')}</>}
      </p>
    </fieldset>
  )
}
