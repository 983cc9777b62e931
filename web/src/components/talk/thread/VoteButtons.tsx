import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ReactionTarget } from '../../../talk/runtime.js'
import { useTalkRuntime, useTalkState } from '../../../talk/talk-context.js'
import { reactionError, refusalMessage } from './reaction-error.js'
import { latestReaction } from './reactions.js'

/**
 * Up and down votes on a post, with its score. A vote is an anonymous write like a post (DESIGN
 * §4): queued, signed with this thread's pseudonym key and sent under the timing policy. So the
 * member's own vote shows at once (highlighted, "not counted yet" while on its way), and the score
 * is the server's: it moves once the vote is stored. Pressing the highlighted button again takes
 * the vote back; the other one replaces it. Our own posts get the score only: the server refuses a
 * key's vote on its own post, and nothing votes for its author automatically.
 */
export function VoteButtons({ target, postId, score, ups, downs, own }: {
  /** The thread, and how this browser recognises it opened it: it votes with the key it posts with there. */
  target: ReactionTarget
  postId: string
  score: number
  /** Unknown (undefined) when the score came from a live update, which carries the score alone. */
  ups?: number | undefined
  downs?: number | undefined
  own: boolean
}) {
  const { t } = useTranslation()
  const runtime = useTalkRuntime()
  const { votes, reactions, paused } = useTalkState()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const mine = runtime?.myVote(postId) ?? null
  const pending = !!votes[postId]?.pending
  const item = latestReaction(reactions, 'vote', postId)
  const refused = item?.state === 'failed'
  const scoreText = ups !== undefined && downs !== undefined ? t('talk.thread.vote.score', { score, ups, downs }) : t('talk.thread.vote.scoreOnly', { score })

  async function vote(value: 1 | -1) {
    if (!runtime || busy) return
    const next = mine === value ? 0 : value
    setBusy(true)
    try {
      await runtime.vote({ ...target, postId, value: next })
      setError(null)
    } catch (e) {
      setError(reactionError(t, e))
    } finally {
      setBusy(false)
    }
  }

  if (own) {
    return (
      <div className="vote-box vote-box-own">
        <span className="vote-score" title={scoreText}>
          <span aria-hidden="true">{score}</span>
          <span className="visually-hidden">{scoreText}</span>
        </span>
      </div>
    )
  }
  const disabled = busy || !!paused
  return (
    <div className="vote-box" role="group" aria-label={t('talk.thread.vote.group')}>
      <button type="button" className={mine === 1 ? 'vote-button vote-up vote-on' : 'vote-button vote-up'} aria-pressed={mine === 1}
        aria-disabled={disabled} title={mine === 1 ? t('talk.thread.vote.withdraw') : t('talk.thread.vote.upHint')}
        onClick={() => void vote(1)}>
        <span aria-hidden="true">▲</span>
        <span className="visually-hidden">{t('talk.thread.vote.up')}</span>
      </button>
      <span className="vote-score" title={scoreText}>
        <span aria-hidden="true">{score}</span>
        <span className="visually-hidden">{scoreText}</span>
      </span>
      <button type="button" className={mine === -1 ? 'vote-button vote-down vote-on' : 'vote-button vote-down'} aria-pressed={mine === -1}
        aria-disabled={disabled} title={mine === -1 ? t('talk.thread.vote.withdraw') : t('talk.thread.vote.downHint')}
        onClick={() => void vote(-1)}>
        <span aria-hidden="true">▼</span>
        <span className="visually-hidden">{t('talk.thread.vote.down')}</span>
      </button>
      {pending && <span className="vote-pending muted small">{t('talk.thread.vote.pending')}</span>}
      {(error ?? (refused && !pending)) && (
        <span className="vote-error small" role="alert">{error ?? t('talk.thread.vote.refused', { reason: refusalMessage(t, item?.error) })}</span>
      )}
    </div>
  )
}
