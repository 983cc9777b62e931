import { useEffect, useState } from 'react'
import type { TalkChannel } from '../../../shared/src/api/talk.js'
import { talkApi } from '../api/talk.js'

/**
 * The channels a member may read and post in: GET /talk/channels (the open channel, the topic
 * channels admins keep, and the boards of the member's companies). Until it answers, the open
 * channel alone — the one channel every verified member always has.
 */
export function useChannels(): { channels: TalkChannel[]; loaded: boolean } {
  const [state, setState] = useState<{ channels: TalkChannel[]; loaded: boolean }>({ channels: [], loaded: false })
  useEffect(() => {
    let live = true
    talkApi
      .channels()
      .then((r) => live && setState({ channels: r.channels, loaded: true }))
      .catch(() => live && setState((s) => ({ ...s, loaded: true })))
    return () => {
      live = false
    }
  }, [])
  return state
}

/** A channel's name in the reader's language. */
export const channelName = (c: Pick<TalkChannel, 'name'>, lang: string): string => (lang.startsWith('zh') ? c.name.zh : c.name.en)
