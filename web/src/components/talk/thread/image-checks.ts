import { TALK_FORUM } from '../../../../../shared/src/api/limits.js'
import { sniffImageType } from '../../../talk/compose-checks.js'

const { maxBytes, perPost } = TALK_FORUM.images

export type ImageProblem =
  | { code: 'type'; name: string; type: string }
  | { code: 'size'; name: string; bytes: number }
  | { code: 'count'; dropped: number }
  | { code: 'unreadable'; name: string }

/**
 * Checks picked files before they go into a post, so that a photo the server would refuse (too
 * large, HEIC, a renamed PDF) is named at once instead of failing later in the outbox, after the
 * post was queued (runtime.publish checks the same again). The file's own bytes decide the type,
 * not its name. Keeps at most the post's allowance, counting the images already attached.
 */
export async function checkImages(files: readonly File[], already: number): Promise<{ ok: File[]; problems: ImageProblem[] }> {
  const ok: File[] = []
  const problems: ImageProblem[] = []
  let dropped = 0
  for (const file of files) {
    if (file.size === 0) {
      problems.push({ code: 'unreadable', name: file.name })
      continue
    }
    if (file.size > maxBytes) {
      problems.push({ code: 'size', name: file.name, bytes: file.size })
      continue
    }
    let head: Uint8Array
    try {
      head = new Uint8Array(await file.slice(0, 16).arrayBuffer())
    } catch {
      problems.push({ code: 'unreadable', name: file.name })
      continue
    }
    if (!sniffImageType(head)) {
      problems.push({ code: 'type', name: file.name, type: file.type })
      continue
    }
    if (already + ok.length >= perPost) {
      dropped++
      continue
    }
    ok.push(file)
  }
  if (dropped) problems.push({ code: 'count', dropped })
  return { ok, problems }
}
