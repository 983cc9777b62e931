import { useRef, type KeyboardEvent, type ReactNode } from 'react'

export interface TabDef<K extends string> {
  key: K
  label: string
  panel: ReactNode
}

/**
 * WAI-ARIA tabs: arrow keys, Home and End move between tabs (and select them); Tab moves into the
 * panel. Every panel stays mounted (hidden when not selected) so half-filled forms survive a switch.
 */
export function Tabs<K extends string>({ id, label, tabs, selected, onSelect }: {
  id: string
  label: string
  tabs: TabDef<K>[]
  selected: K
  onSelect: (key: K) => void
}) {
  const refs = useRef(new Map<K, HTMLButtonElement>())

  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>, index: number) {
    let next: number | null = null
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = (index + 1) % tabs.length
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = (index - 1 + tabs.length) % tabs.length
    else if (e.key === 'Home') next = 0
    else if (e.key === 'End') next = tabs.length - 1
    if (next === null) return
    e.preventDefault()
    const key = tabs[next]!.key
    onSelect(key)
    refs.current.get(key)?.focus()
  }

  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tab-list">
        {tabs.map((tab, i) => (
          <button
            key={tab.key}
            ref={(el) => {
              if (el) refs.current.set(tab.key, el)
              else refs.current.delete(tab.key)
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${tab.key}`}
            aria-selected={tab.key === selected}
            aria-controls={`${id}-panel-${tab.key}`}
            tabIndex={tab.key === selected ? 0 : -1}
            className="tab"
            onClick={() => onSelect(tab.key)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.key}
          role="tabpanel"
          id={`${id}-panel-${tab.key}`}
          aria-labelledby={`${id}-tab-${tab.key}`}
          hidden={tab.key !== selected}
          className="tab-panel"
        >
          {tab.panel}
        </div>
      ))}
    </div>
  )
}
