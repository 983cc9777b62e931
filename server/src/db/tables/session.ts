import type { Generated } from 'kysely'
import type { DeviceBrowser, DeviceSystem } from '../../../../shared/src/api/account.js'
import type { DayColumn } from './account.js'

/**
 * A signed-in session. Only the SHA-256 of the cookie token is kept, and activity is kept at day
 * granularity (DESIGN §4): the server cannot tell which minute an account was active.
 */
export interface SessionTable {
  id: Generated<string>
  accountId: string
  tokenHash: Buffer
  createdOn: DayColumn
  lastUsedOn: DayColumn
  expiresOn: DayColumn
  /** A coarse label parsed from the User-Agent at sign-in (services/sessions/device.ts); the User-Agent is not kept. */
  deviceBrowser: Generated<DeviceBrowser>
  deviceOs: Generated<DeviceSystem>
}

export type PartialDB = { session: SessionTable }
