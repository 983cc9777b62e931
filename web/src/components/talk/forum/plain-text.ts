import { parseMarkdown, type Block, type Inline } from '../../../lib/markdown.js'

/**
 * A post's first lines as plain text for a list (the API sends them as written, in Markdown):
 * marks dropped, a link's text kept, blocks joined by spaces. Only ever text — never HTML.
 */
export function plainExcerpt(markdown: string): string {
  return parseMarkdown(markdown).map(blockText).filter(Boolean).join(' ').replace(/\s+/g, ' ').trim()
}

function blockText(b: Block): string {
  switch (b.type) {
    case 'paragraph':
      return inlineText(b.children)
    case 'codeBlock':
      return b.text
    case 'quote':
      return b.children.map(blockText).join(' ')
    case 'list':
      return b.items.map((i) => [inlineText(i.children), i.list ? blockText(i.list) : ''].join(' ')).join(' ')
  }
}

function inlineText(list: readonly Inline[]): string {
  return list
    .map((i) => {
      switch (i.type) {
        case 'text':
        case 'code':
          return i.text
        case 'break':
          return ' '
        default:
          return inlineText(i.children)
      }
    })
    .join('')
}
