import { Fragment, useMemo, type ReactNode } from 'react'
import { parseMarkdown, safeHref, type Block, type Inline, type ListBlock } from '../../lib/markdown.js'

/**
 * A post body in Work Talk's Markdown subset (lib/markdown.ts). Everything is built as React
 * elements from the parsed tree, so text is escaped by React and no HTML from a post can reach
 * the page; a link's URL is checked again here, in case a tree came from elsewhere.
 */
export function Markdown({ text, className = 'markdown' }: { text: string; className?: string | undefined }) {
  const blocks = useMemo(() => parseMarkdown(text), [text])
  return <div className={className}>{blocks.map(block)}</div>
}

function block(b: Block, key: number): ReactNode {
  switch (b.type) {
    case 'paragraph':
      return <p key={key}>{b.children.map(inline)}</p>
    case 'codeBlock':
      return (
        <pre key={key}>
          <code>{b.text}</code>
        </pre>
      )
    case 'quote':
      return <blockquote key={key}>{b.children.map(block)}</blockquote>
    case 'list':
      return list(b, key)
  }
}

function list(l: ListBlock, key: number): ReactNode {
  const items = l.items.map((item, i) => (
    <li key={i}>
      {item.children.map(inline)}
      {item.list && list(item.list, 0)}
    </li>
  ))
  return l.ordered ? <ol key={key} start={l.start === 1 ? undefined : l.start}>{items}</ol> : <ul key={key}>{items}</ul>
}

function inline(n: Inline, key: number): ReactNode {
  switch (n.type) {
    case 'text':
      return <Fragment key={key}>{n.text}</Fragment>
    case 'break':
      return <br key={key} />
    case 'code':
      return <code key={key}>{n.text}</code>
    case 'em':
      return <em key={key}>{n.children.map(inline)}</em>
    case 'strong':
      return <strong key={key}>{n.children.map(inline)}</strong>
    case 'link': {
      const href = safeHref(n.href)
      if (!href) return <Fragment key={key}>{n.children.map(inline)}</Fragment>
      return (
        <a key={key} href={href} rel="noopener nofollow ugc" target="_blank">
          {n.children.map(inline)}
        </a>
      )
    }
  }
}
