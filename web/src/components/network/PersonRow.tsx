import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import type { PersonCard } from '../../../../shared/src/api/network.js'
import { DegreeBadge } from './DegreeBadge.js'

/** One member in a network list: the limited card (name, headline, degree), extra lines and actions. */
export function PersonRow({ person, children, actions }: { person: PersonCard; children?: ReactNode; actions?: ReactNode }) {
  return (
    <li className="person-row">
      <div className="person-text">
        <Link to={`/in/${person.handle}`} className="item-name">
          {person.name}
        </Link>{' '}
        <DegreeBadge degree={person.degree} />
        {person.headline && <p className="muted small">{person.headline}</p>}
        {children}
      </div>
      {actions && <div className="person-actions">{actions}</div>}
    </li>
  )
}
