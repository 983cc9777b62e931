/** The address of a post: its thread's page with the post's anchor, which scrolls to it on load. */
export function postUrl(threadId: string, postId: string, origin = window.location.origin): string {
  return `${origin}/talk/t/${encodeURIComponent(threadId)}#post-${postId}`
}

/**
 * Copies text to the clipboard: the Clipboard API where the page may use it, else a selected
 * textarea and the old copy command (an http:// address other than localhost has no Clipboard API).
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // Refused (no permission, or the document lost focus): try the old way.
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.className = 'visually-hidden'
  const active = document.activeElement
  document.body.appendChild(area)
  area.select()
  let ok = false
  try {
    ok = document.execCommand('copy')
  } catch {
    ok = false
  }
  area.remove()
  if (active instanceof HTMLElement) active.focus()
  return ok
}
