/**
 * The dependency rules of `npm run lint` (.dependency-cruiser.cjs), DESIGN §8: the anonymous module
 * is sealed. The cases plant files in a throwaway tree in a temp dir, laid out like the repo, and
 * run dependency-cruiser on it as `npm run lint` does, with the repo's own config file — and check
 * the resolved targets, so a config that resolves nothing (and so passes everything) fails here.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { format, type ICruiseResult, type IViolation, type OutputType } from 'dependency-cruiser'

const root = path.resolve(import.meta.dirname, '../..')
const bin = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs')
const config = path.join(root, '.dependency-cruiser.cjs')

interface Run {
  /** The exit status `npm run lint` gives this result: its reporter's (err-long: the number of errors). */
  status: number
  report: string
  result: ICruiseResult
}

/**
 * Runs dependency-cruiser in `cwd` with `args` (those of `npm run lint`), taking its result as JSON, and
 * formats that result with the script's own reporter for the report and exit status.
 */
function depcruise(cwd: string, args: string[]): Promise<Run> {
  const at = args.lastIndexOf('--output-type')
  const outputType = (at >= 0 && args[at + 1]) || 'err'
  return new Promise<ICruiseResult>((resolve, reject) => {
    execFile(process.execPath, [bin, ...args, '--output-type', 'json'], { cwd, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      try {
        resolve(JSON.parse(stdout) as ICruiseResult)
      } catch {
        reject(new Error(`dependency-cruiser printed no result (${err?.message ?? 'exit 0'}):\n${stderr}${stdout}`))
      }
    })
  }).then(async (result) => {
    const { output, exitCode } = await format(result, { outputType: outputType as OutputType })
    return { status: exitCode, report: String(output), result }
  })
}

/** The arguments of `npm run lint` (package.json), its --config made absolute so it works from any directory. */
function lintArgs(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  const [command, ...args] = pkg.scripts.lint?.split(/\s+/) ?? []
  assert.equal(command, 'depcruise', 'npm run lint runs dependency-cruiser')
  const at = args.indexOf('--config')
  assert.ok(at >= 0 && args[at + 1], 'npm run lint names its config file')
  args[at + 1] = path.resolve(root, args[at + 1]!)
  assert.equal(args[at + 1], config)
  return args
}

/** The planted tree, laid out as in the repo: each case below is one file under server/src/anon/. */
const plantedFiles: Record<string, string> = {
  // Stand-ins for what the planted imports point at.
  'server/src/services/sessions/sessions.ts': 'export const sessionCookie = "wc_session"\n',
  'server/src/context.ts': 'export interface AppContext { now(): Date }\n',
  'server/src/http/auth.ts': 'export function requireAccount(): string { return "account" }\n',
  'server/src/config.ts': 'export const port = 3000\n',
  'server/src/db/schema.ts': 'export interface Database { account: { id: string } }\n',
  'server/src/errors.ts': 'export class AppError extends Error {}\n',
  'server/src/clock.ts': 'export const systemClock = { now: () => new Date() }\n',
  'server/src/http/problems.ts': 'export const problemType = "about:blank"\n',
  'shared/src/talk/index.ts': 'export const aliasName = (s: string) => s\n',
  'shared/src/api/index.ts': 'export interface Post { body: string }\n',
  'node_modules/fake-pkg/package.json': '{ "name": "fake-pkg", "version": "1.0.0", "main": "index.js", "types": "index.d.ts" }\n',
  'node_modules/fake-pkg/index.js': 'export const fake = 1\n',
  'node_modules/fake-pkg/index.d.ts': 'export declare const fake: number\n',

  'server/src/anon/planted.ts': [
    "import { sessionCookie } from '../services/sessions/sessions.js'",
    "import type { AppContext } from '../context.js'",
    "import { requireAccount } from '../http/auth.js'",
    "export { port } from '../config.js'",
    'export const leak = (ctx: AppContext) => [sessionCookie, requireAccount(), ctx]',
    '',
  ].join('\n'),

  'server/src/anon/ids.ts': 'export const postId = () => "p"\n',
  'server/src/anon/allowed.ts': [
    "import crypto from 'node:crypto'",
    "import { fake } from 'fake-pkg'",
    "import { aliasName } from '../../../shared/src/talk/index.js'",
    "import type { Post } from '../../../shared/src/api/index.js'",
    "import { AppError } from '../errors.js'",
    "import { systemClock } from '../clock.js'",
    "import { problemType } from '../http/problems.js'",
    "import { postId } from './ids.js'",
    'export const ok = (p: Post) => [crypto, fake, aliasName(p.body), AppError, systemClock, problemType, postId()]',
    '',
  ].join('\n'),

  'server/src/anon/typed.ts': "import type { Database } from '../db/schema.js'\nexport type Tables = keyof Database\n",

  'server/src/anon/unresolved.ts': "export { gone } from '../services/gone.js'\n",

  // Account side reached through a neutral file (allowed itself), shared/src and web/src.
  'server/src/anon/uses-neutral.ts': "import { noContent } from '../http/schema-helpers.js'\nexport const n = noContent\n",
  'server/src/http/schema-helpers.ts': "import type { AppContext } from '../context.js'\nexport const noContent = 204\nexport type C = AppContext\n",
  'shared/src/api/leaky.ts': "import { port } from '../../../server/src/config.js'\nexport const p = port\n",
  'web/src/main.tsx': "import type { Database } from '../../server/src/db/schema.js'\nexport type D = Database\n",

  // Two cycles: one of runtime imports, one closed by an `import type`.
  'server/src/cycle/a.ts': "import { b } from './b.js'\nexport const a = () => b\n",
  'server/src/cycle/b.ts': "import { a } from './a.js'\nexport const b = () => a\n",
  'server/src/cycle/c.ts': "import { d } from './d.js'\nexport const c = () => d\nexport type C = 'c'\n",
  'server/src/cycle/d.ts': "import type { C } from './c.js'\nexport const d = (x: C) => x\n",
}

const tmps: string[] = []
after(() => {
  for (const dir of tmps) fs.rmSync(dir, { recursive: true, force: true })
})

/** A throwaway tree with the repo's tsconfig.json and these files; outside the repo. */
function plant(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-boundaries-'))
  tmps.push(dir)
  fs.copyFileSync(path.join(root, 'tsconfig.json'), path.join(dir, 'tsconfig.json'))
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), text)
  }
  return dir
}

/** One dependency-cruiser run over the planted tree, shared by the cases (it costs a process start). */
let plantedRun: Promise<Run> | undefined
const planted = () => (plantedRun ??= depcruise(plant(plantedFiles), lintArgs()))

function violations(run: Run, rule: string | null, from?: string): Pick<IViolation, 'from' | 'to'>[] {
  return (run.result.summary.violations ?? [])
    .filter((v) => (rule === null || v.rule.name === rule) && (from === undefined || v.from === from))
    .map((v) => ({ from: v.from, to: v.to }))
    .sort((a, b) => a.to.localeCompare(b.to))
}

function dependency(run: Run, from: string, module: string) {
  const dep = run.result.modules.find((m) => m.source === from)?.dependencies.find((d) => d.module === module)
  assert.ok(dep, `dependency-cruiser saw no import of ${module} in ${from}`)
  return dep
}

describe('dependency rules (npm run lint)', { concurrency: true }, () => {
  it('refuses an import from the anonymous module of account-side code', async () => {
    const run = await planted()
    const from = 'server/src/anon/planted.ts'
    // The `.js` specifiers resolved to the `.ts` files: the edges were seen, not merely left unresolved.
    assert.deepEqual(violations(run, 'anon-is-sealed', from), [
      { from, to: 'server/src/config.ts' },
      { from, to: 'server/src/context.ts' },
      { from, to: 'server/src/http/auth.ts' },
      { from, to: 'server/src/services/sessions/sessions.ts' },
    ])
    assert.equal(run.status, run.result.summary.error, 'the lint exits with the number of errors')
    assert.ok(run.status >= 4)
    assert.match(run.report, /error anon-is-sealed: server\/src\/anon\/planted\.ts → server\/src\/services\/sessions\/sessions\.ts/)
  })

  it('lets the anonymous module import itself, shared/src, the neutral server files, npm packages and node core', async () => {
    const run = await planted()
    const from = 'server/src/anon/allowed.ts'
    assert.deepEqual(violations(run, null, from), [])
    assert.deepEqual(violations(run, 'anon-is-sealed', 'server/src/anon/uses-neutral.ts'), [])
    assert.equal(dependency(run, from, '../../../shared/src/api/index.js').resolved, 'shared/src/api/index.ts')
    assert.ok(dependency(run, from, '../../../shared/src/api/index.js').dependencyTypes.includes('type-only'))
    assert.equal(dependency(run, from, '../errors.js').resolved, 'server/src/errors.ts')
    assert.equal(dependency(run, from, './ids.js').resolved, 'server/src/anon/ids.ts')
    assert.equal(dependency(run, from, 'fake-pkg').resolved, 'node_modules/fake-pkg/index.js')
    assert.ok(dependency(run, from, 'crypto').dependencyTypes.includes('core')) // recorded without its node: prefix
  })

  it('refuses a type-only import from the anonymous module of the account-side database schema', async () => {
    const run = await planted()
    const from = 'server/src/anon/typed.ts'
    assert.ok(dependency(run, from, '../db/schema.js').dependencyTypes.includes('type-only'))
    assert.deepEqual(violations(run, 'anon-is-sealed', from), [{ from, to: 'server/src/db/schema.ts' }])
  })

  it('refuses an import from the anonymous module that it cannot resolve, rather than letting it through', async () => {
    const run = await planted()
    const from = 'server/src/anon/unresolved.ts'
    assert.equal(dependency(run, from, '../services/gone.js').couldNotResolve, true)
    assert.deepEqual(violations(run, 'anon-is-sealed', from), [{ from, to: '../services/gone.js' }])
  })

  it('refuses a path to account-side code through a neutral file, shared/src or web/src', async () => {
    const run = await planted()
    assert.deepEqual(violations(run, 'neutral-stays-neutral'), [{ from: 'server/src/http/schema-helpers.ts', to: 'server/src/context.ts' }])
    assert.deepEqual(violations(run, 'shared-is-shared'), [{ from: 'shared/src/api/leaky.ts', to: 'server/src/config.ts' }])
    assert.deepEqual(violations(run, 'web-not-server'), [{ from: 'web/src/main.tsx', to: 'server/src/db/schema.ts' }])
  })

  it('warns of a cycle of runtime imports, but not of one closed by a type import', async () => {
    const run = await planted()
    const cycles = (run.result.summary.violations ?? []).filter((v) => v.rule.name === 'no-circular')
    // One report per cycle, from one of its modules.
    assert.deepEqual(cycles.map((v) => [v.rule.severity, [v.from, v.to].sort()]), [['warn', ['server/src/cycle/a.ts', 'server/src/cycle/b.ts']]])
    assert.equal(run.result.summary.warn, 1, 'a warning, not an error')
  })

  it('passes the real tree, as `npm run lint` runs it', async () => {
    const run = await depcruise(root, lintArgs())
    const errors = (run.result.summary.violations ?? []).filter((v) => v.rule.severity === 'error')
    assert.deepEqual(errors.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`), [], run.report)
    assert.equal(run.status, 0, run.report)
    // It saw the real edges: `./x.js` imports resolved to the `.ts`/`.tsx` files (an unresolvable import
    // elsewhere is the type-check's business; in the anonymous module it is an error above).
    const seen = run.result.modules.flatMap((m) => m.dependencies).filter((d) => /\.js$/.test(d.module) && /^(server|shared|web)\/.*\.tsx?$/.test(d.resolved))
    assert.ok(seen.length > 100, `only ${seen.length} imports of .js specifiers resolved to .ts files`)
    assert.ok(seen.some((d) => d.dependencyTypes.includes('type-only')), 'type-only imports are cruised')
  })
})
