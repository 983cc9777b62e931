/**
 * The anonymous module's database type (AnonDB) keeps the account side out of reach of the type
 * checker — but raw SQL is a string, and `sql\`select … from account\`` would pass both tsc and
 * the dependency rules. So raw SQL under server/src/anon/ is checked here: every table it names
 * must be a post-side table, and the escape hatches that build SQL from values (sql.raw, sql.table,
 * sql.id, sql.lit, string-built queries) are not allowed at all.
 */
import fs from 'node:fs'
import path from 'node:path'

/** The post side's tables as PostgreSQL names them (AnonDB in snake case), plus what raw SQL may call. */
export const POST_SIDE_TABLES = new Set(['talk_spent_token', 'talk_thread', 'talk_post', 'talk_issuer_key', 'company', 'talk_channel', 'talk_vote', 'talk_poll', 'talk_poll_answer', 'talk_image', 'company_review', 'company_review_helpful', 'company_salary', 'company_salary_cell', 'company_interview', 'company_merge', 'talk_report', 'talk_appeal', 'moderation_log'])
/** Not tables: what follows FROM in raw SQL that is a function or an alias source. */
const NOT_TABLES = new Set(['unnest', 'generate_series', 'jsonb_array_elements', 'jsonb_array_elements_text'])

export interface Finding {
  file: string
  line: number
  problem: string
}

const TAGGED = /\bsql(?:<[^`>]*>)?`([^`]*)`/g
const FORBIDDEN = /\bsql\.(raw|table|id|lit|join)\s*\(/g
const QUERY_STRING = /\.query\(\s*(['"`])([^'"`]*)\1/g
const TABLE_AFTER = /\b(?:from|join|update|into|table|vacuum(?:\s*\([^)]*\))?)\s+((?:[a-z_][a-z0-9_.]*\s*,\s*)*[a-z_][a-z0-9_.]*)/gi

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length
}

/** How many raw SQL texts a source holds (what checkSource reads). */
export function rawSqlCount(source: string): number {
  return [...source.matchAll(TAGGED)].length + [...source.matchAll(QUERY_STRING)].length
}

/** Checks one file's source; `file` only names it in findings. */
export function checkSource(file: string, source: string): Finding[] {
  const out: Finding[] = []
  for (const m of source.matchAll(FORBIDDEN)) out.push({ file, line: lineOf(source, m.index), problem: `sql.${m[1]}() builds SQL the checker cannot read` })
  const texts: { text: string; at: number }[] = []
  for (const m of source.matchAll(TAGGED)) texts.push({ text: m[1]!, at: m.index })
  for (const m of source.matchAll(QUERY_STRING)) texts.push({ text: m[2]!, at: m.index })
  for (const { text, at } of texts) {
    // Interpolations are values (bound parameters), never names: drop them before reading names.
    const sqlText = text.replace(/\$\{[^}]*\}/g, '$1')
    for (const t of sqlText.matchAll(TABLE_AFTER)) {
      for (const raw of t[1]!.split(',')) {
        const name = raw.trim().toLowerCase().replace(/^public\./, '')
        if (NOT_TABLES.has(name) || /^(watercooler_talk)$/.test(name)) continue
        if (!POST_SIDE_TABLES.has(name)) out.push({ file, line: lineOf(source, at), problem: `raw SQL names "${name}", which is not a post-side table` })
      }
    }
  }
  return out
}

/** Every .ts file under `dir`, checked; `read` counts the raw SQL texts found. */
export function checkTree(dir: string, read: { count: number } = { count: 0 }): Finding[] {
  const files: string[] = []
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.ts')) files.push(p)
    }
  }
  walk(dir)
  return files.flatMap((f) => {
    const source = fs.readFileSync(f, 'utf8')
    read.count += rawSqlCount(source)
    return checkSource(path.relative(dir, f), source)
  })
}
