import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'

/** `talkPost` and `talk_post` are one table: the CamelCasePlugin may or may not have run yet. */
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

function tableName(node: OperationNode | undefined): string | null {
  if (!node) return null
  if (node.kind === 'TableNode') return snake((node as unknown as { table: { identifier: { name: string } } }).table.identifier.name)
  if (node.kind === 'AliasNode') return tableName((node as unknown as { node: OperationNode }).node)
  return null
}

export type WriteKind = 'insert' | 'update' | 'delete'

/** The tables a query writes to, and how: INSERT INTO (and MERGE INTO), UPDATE, DELETE FROM. */
export function writtenTables(node: RootOperationNode): { table: string; kind: WriteKind }[] {
  const n = node as unknown as Record<string, unknown>
  const named = (nodes: (OperationNode | undefined)[], kind: WriteKind) =>
    nodes.map(tableName).filter((t): t is string => t !== null).map((table) => ({ table, kind }))
  switch (node.kind) {
    case 'InsertQueryNode':
      return named([n.into as OperationNode], 'insert')
    case 'MergeQueryNode':
      return [...named([n.into as OperationNode], 'insert'), ...named([n.into as OperationNode], 'update'), ...named([n.into as OperationNode], 'delete')]
    case 'UpdateQueryNode':
      return named([n.table as OperationNode], 'update')
    case 'DeleteQueryNode':
      return named((n.from as { froms: OperationNode[] } | undefined)?.froms ?? [], 'delete')
    default:
      return []
  }
}

/** What one cache watches: the writes (table → kinds) that drop it. */
export interface WriteWatch {
  writes: Readonly<Record<string, readonly WriteKind[]>>
  onWrite(): void
}

/**
 * Tells that a query writes to a watched table (built with the query builder; the code base writes
 * no raw SQL to them, and a test holds it to that): as it is sent, and again once it has run (for a
 * statement outside a transaction, after its commit). Used by the read caches (db/read-cache.ts) so
 * that a process sees its own writes at once; the other processes learn of them by NOTIFY at commit.
 */
export class WriteWatchPlugin implements KyselyPlugin {
  readonly #watches: readonly WriteWatch[]
  readonly #pending = new WeakMap<object, WriteWatch[]>()

  constructor(watches: readonly WriteWatch[]) {
    this.#watches = watches
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const written = writtenTables(args.node)
    if (written.length) {
      const hit = this.#watches.filter((w) => written.some((x) => w.writes[x.table]?.includes(x.kind)))
      if (hit.length) {
        this.#pending.set(args.queryId, hit)
        for (const w of hit) w.onWrite()
      }
    }
    return args.node
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const hit = this.#pending.get(args.queryId)
    if (hit) {
      this.#pending.delete(args.queryId)
      for (const w of hit) w.onWrite()
    }
    return args.result
  }
}
