import { useTranslation } from 'react-i18next'
import type { LabelLock } from '../../talk/label-lock.js'
import type { Voice } from '../../talk/voices.js'
import { anonymitySetText, authorText, voiceLabel } from './author.js'

/** Below this many possible authors, the composer adds a word of caution. */
const SMALL_SET = 10
/**
 * Below this many, a company label also gets the threat model's puppet warning: an employer that
 * owns its mail domain can verify accounts of its own and so make a company's crowd look larger.
 */
const PUPPET_WARNING_BELOW = 30

/**
 * "Post as": one radio per voice (the exact label readers will see), plus an alias. Under it, the
 * label as it will appear and the anonymity set ("you are one of ~N …") of the key that pays. In a
 * thread where this browser's key posted already, the label is fixed to the earlier one (`lock`).
 */
export function LabelChoice({ id, voices, voiceId, label, alias, lock, sharedHint, setSize, onChange }: {
  id: string
  voices: Voice[]
  voiceId: string
  label: 'company' | 'alias'
  alias: string | null
  lock: LabelLock | null
  /** A company of the member's has no label of its own (too few members): say why it posts as "Verified professional". */
  sharedHint: boolean
  /** The anonymity set of the key that would pay; null when unknown. */
  setSize: number | null
  onChange: (v: { voiceId: string; label: 'company' | 'alias' }) => void
}) {
  const { t, i18n } = useTranslation()
  const voice = voices.find((v) => v.id === voiceId) ?? voices[0]
  if (!voice) return null
  const shown = label === 'alias' ? (alias ?? '…') : voiceLabel(t, voice)
  const set = setSize !== null && (
    <p id={`${id}-set`} className="anonymity-set">
      {anonymitySetText(t, voice, label === 'alias', setSize)}
      {setSize < SMALL_SET && <> {t('talk.composer.smallSet')}</>}
      {setSize < SMALL_SET && label === 'company' && voice.company && <> {t('talk.composer.smallSetAdvice')}</>}
      {setSize >= SMALL_SET && setSize < PUPPET_WARNING_BELOW && label === 'company' && voice.company && <> {t('talk.composer.puppetAdvice')}</>}
    </p>
  )
  if (lock) {
    const earlier = lock.label === 'alias' ? (alias ?? '…') : authorText(t, i18n.resolvedLanguage ?? 'en', lock.author)
    return (
      <div className="choice-group label-locked" role="group" aria-labelledby={`${id}-legend`} aria-describedby={`${id}-lock ${id}-set`}>
        <p id={`${id}-legend`} className="legend">{t('talk.composer.postAs')}</p>
        <p className="shown-as">{t('talk.composer.shownAs', { label: earlier })}</p>
        <p id={`${id}-lock`} className="hint">
          {lock.label === 'company' && lock.voiceId === null ? t('talk.composer.lockGone', { label: earlier }) : t('talk.composer.lockReason', { label: earlier })}
        </p>
        {set}
      </div>
    )
  }
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
      {sharedHint && <p className="hint">{t('talk.composer.professionalHint')}</p>}
      <p id={`${id}-shown`} className="shown-as">
        {t('talk.composer.shownAs', { label: shown })}
      </p>
      {set}
    </fieldset>
  )
}
