import type { AccountExport } from '../../../../shared/src/api/account.js'
import { type AppContext, dayOf } from '../../context.js'
import { getEmailKinds } from '../notifications/digest.js'
import { listOwnSubmissions } from '../verifications/badge.js'
import { listEmployments } from '../verifications/employments.js'
import { listSessions } from '../sessions/devices.js'
import { exportRepresenting } from '../companies/representatives.js'
import { exportFeed } from '../feed/export.js'
import { exportConversations } from '../messages/export.js'
import { exportBlocks, exportConnections, exportFollows } from '../network/export.js'
import { getAccount } from './accounts.js'

type Parts = Omit<AccountExport, 'format' | 'exportedOn'>

/** One part of the export: its key in the document and how to collect it for one account. */
export interface ExportSection<K extends keyof Parts = keyof Parts> {
  key: K
  collect(ctx: AppContext, accountId: string): Promise<Parts[K]>
}
const section = <K extends keyof Parts>(key: K, collect: ExportSection<K>['collect']): ExportSection<K> => ({ key, collect })

/**
 * The export registry: every area that keeps a member's real-name data adds its section here
 * (and its part to AccountExport in shared/src/api/account.ts). A section reads the account's
 * own rows only, by account id. There is no Work Talk section and there can be none: the account
 * side holds nothing that names a thread or post (DESIGN §4), and token issuance counters say
 * nothing a member wrote.
 */
export const EXPORT_SECTIONS: ExportSection[] = [
  section('account', async (ctx, id) => {
    const a = await getAccount(ctx, id)
    return { id: a.id, handle: a.handle, name: a.name, email: a.email, role: a.role, createdOn: a.createdOn }
  }),
  section('settings', async (ctx, id) => {
    const a = await getAccount(ctx, id)
    return { language: a.language, profileVisibility: a.visibility }
  }),
  section('profile', async (ctx, id) => {
    const a = await getAccount(ctx, id)
    return { headline: a.headline, about: a.about, location: a.location, experience: a.experience, education: a.education, skills: a.skills }
  }),
  section('employments', async (ctx, id) =>
    (await listEmployments(ctx, id)).map((e) => ({
      company: { slug: e.slug, name: e.name },
      method: e.method,
      verifiedOn: e.verifiedOn,
      expiresOn: e.expiresOn,
      endedOn: e.endedOn,
      status: e.status,
      showOnProfile: e.showOnProfile,
    })),
  ),
  section('badgeSubmissions', async (ctx, id) =>
    (await listOwnSubmissions(ctx, id)).map((s) => ({
      companyName: s.companyName,
      status: s.status,
      reason: s.reason,
      submittedOn: dayOf(s.submittedAt),
      decidedOn: s.decidedOn,
    })),
  ),
  section('sessions', async (ctx, id) =>
    (await listSessions(ctx, id)).map((s) => ({ browser: s.deviceBrowser, os: s.deviceOs, createdOn: s.createdOn, lastUsedOn: s.lastUsedOn })),
  ),
  section('notificationEmail', async (ctx, id) => {
    const kinds = await getEmailKinds(ctx, id)
    const row = await ctx.db.selectFrom('notificationMail').select('lastDigestOn').where('accountId', '=', id).executeTakeFirst()
    return { kinds: Object.keys(kinds).filter((k) => kinds[k as keyof typeof kinds]), lastDigestOn: row?.lastDigestOn ?? null }
  }),
  section('connections', exportConnections),
  section('follows', exportFollows),
  section('blocks', exportBlocks),
  section('feed', exportFeed),
  section('representing', exportRepresenting),
  section('conversations', exportConversations),
]

/** The whole export of one account: every registered section, collected in turn. */
export async function exportAccount(ctx: AppContext, accountId: string, sections: ExportSection[] = EXPORT_SECTIONS): Promise<AccountExport> {
  const parts: Partial<Parts> = {}
  for (const s of sections) (parts as Record<string, unknown>)[s.key] = await s.collect(ctx, accountId)
  return { format: 'watercooler-export/1', exportedOn: dayOf(ctx.clock.now()), ...(parts as Parts) }
}
