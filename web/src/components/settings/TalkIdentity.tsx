import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router-dom'
import { useTalkRuntime, useTalkState } from '../../talk/talk-context.js'
import { ConfirmBox } from '../ConfirmBox.js'
import { TextArea } from '../Field.js'
import { StatusMessage } from '../FormAlert.js'

const PHRASE_MAX = 120

/**
 * "Work Talk identity": the recovery phrase of this browser's pseudonym master secret (shown only
 * on request, with a warning) and importing one (after a confirmation). Nothing here touches the
 * server: the secret never leaves the browser.
 */
export function TalkIdentity() {
  const { t } = useTranslation()
  const runtime = useTalkRuntime()
  const { tokens } = useTalkState()
  const [phrase, setPhrase] = useState<string | null>(null)
  const [input, setInput] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const count = Object.values(tokens).reduce((a, b) => a + b.held, 0)

  const { hash } = useLocation()

  // Linked from the Work Talk pages as /settings#talk-identity-title.
  useEffect(() => {
    if (hash === '#talk-identity-title') requestAnimationFrame(() => document.getElementById('talk-identity-title')?.focus())
  }, [hash])

  async function toggle() {
    if (phrase) return setPhrase(null)
    if (runtime) setPhrase(await runtime.identity.recoveryPhrase())
  }

  async function onImport(e: FormEvent) {
    e.preventDefault()
    if (!runtime) return
    setDone(null)
    if (!confirming) {
      // Check the phrase before asking to confirm: a typo should not get as far as "replace?".
      if (!runtime.identity.isValidPhrase(input)) {
        setError(t('talk.identity.invalid'))
        return document.getElementById('talk-phrase')?.focus()
      }
      setError(null)
      return setConfirming(true)
    }
    try {
      await runtime.identity.importPhrase(input)
      setConfirming(false)
      setInput('')
      setPhrase(null)
      setDone(t('talk.identity.imported'))
    } catch (err) {
      setConfirming(false)
      setError(err instanceof Error && err.name === 'InvalidRecoveryPhraseError' ? t('talk.identity.invalid') : t('errors.generic'))
      document.getElementById('talk-phrase')?.focus()
    }
  }

  return (
    <section className="card talk-identity" aria-labelledby="talk-identity-title">
      <h2 id="talk-identity-title" tabIndex={-1}>{t('talk.identity.title')}</h2>
      <p>{t('talk.identity.intro')}</p>
      <p className="muted">{t('talk.identity.signOutNote')}</p>
      {count > 0 && <p className="muted small">{t('talk.identity.tokens', { count })}</p>}
      <p className="muted small">
        <Link to="/talk/about">{t('talk.about')}</Link>
      </p>
      <button type="button" className="button button-secondary" aria-expanded={phrase !== null}
        aria-controls="talk-phrase-box" onClick={() => void toggle()} disabled={!runtime}>
        {phrase ? t('talk.identity.hide') : t('talk.identity.show')}
      </button>
      <div id="talk-phrase-box">
        {phrase && (
          <div className="phrase-box">
            <p className="alert alert-error">{t('talk.identity.warning')}</p>
            <p className="phrase-label" id="talk-phrase-label">{t('talk.identity.phraseLabel')}</p>
            <p><code className="phrase" aria-labelledby="talk-phrase-label">{phrase}</code></p>
            <p className="hint">{t('talk.identity.opNote')}</p>
          </div>
        )}
      </div>
      <h3 className="identity-import-title">{t('talk.identity.importTitle')}</h3>
      <form onSubmit={(e) => void onImport(e)} noValidate>
        {error && (
          <div role="alert" className="alert alert-error">
            <p>{error}</p>
          </div>
        )}
        <TextArea id="talk-phrase" label={t('talk.identity.importField')} hint={t('talk.identity.importHint')} value={input}
          maxLength={PHRASE_MAX} rows={2} spellCheck={false} autoComplete="off" readOnly={confirming} error={error ?? undefined}
          onChange={(e) => setInput(e.target.value)} />
        {!confirming ? (
          <button type="submit" className="button button-secondary" disabled={!runtime}>
            {t('talk.identity.importSubmit')}
          </button>
        ) : (
          <ConfirmBox id="talk-import" question={t('talk.identity.importQuestion')} confirmLabel={t('talk.identity.importConfirm')}
            cancelLabel={t('talk.identity.cancel')} onCancel={() => { setConfirming(false); document.getElementById('talk-phrase')?.focus() }} />
        )}
      </form>
      <StatusMessage message={done} className="status-success" />
    </section>
  )
}
