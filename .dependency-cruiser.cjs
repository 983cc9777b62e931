/**
 * Dependency rules for `npm run lint` (dependency-cruiser). CommonJS because the package is
 * `"type": "module"` and dependency-cruiser loads its config with require().
 *
 * The point of this file is DESIGN §8: the anonymous side (`server/src/anon/`) is a sealed
 * module, so that a build failure, not a reviewer, refuses a path from an account to a post.
 * Paths are relative to the directory depcruise runs in (the repo root), with `/` separators.
 */

/**
 * THE ALLOW-LIST: everything the anonymous module may depend on besides itself.
 * npm packages (node_modules) and Node core modules are allowed separately, in the rule.
 * Any other file under server/src/ — routes, services, db (schema and tables included),
 * http/auth, context.ts, config.ts, views, … — is account side and refused.
 * Adding a file here is a design decision: it must never learn about accounts, and the
 * `neutral-stays-neutral` rule below holds it to the same list.
 */
const ANON_MAY_IMPORT = [
  '^server/src/anon/',
  '^shared/src/', // browser-safe shared code: API schemas, the token/pseudonym library
  // The neutral server files, exactly these (anchored, so e.g. errors.tsx or errors.ts.bak do not match):
  '^server/src/errors\\.ts$',
  '^server/src/clock\\.ts$',
  '^server/src/http/problems\\.ts$',
  '^server/src/http/schema-helpers\\.ts$',
  '^server/src/http/upload\\.ts$', // multipart parsing, for anonymous image uploads
  '^server/src/media/reencode\\.ts$', // image re-encoding (pixels only), for anonymous image uploads
  '^server/src/db/listener\\.ts$', // a LISTEN connection (its own): Work Talk's live events across processes
]

/** npm packages and node core: resolved into node_modules, or a core module (`node:fs`, `fs`). */
const NODE_MODULES = '(^|/)node_modules/'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'anon-is-sealed',
      severity: 'error',
      comment:
        'DESIGN §8: the anonymous module (server/src/anon/) may import only itself, shared/src/, npm packages, ' +
        'node core and the neutral server files in the allow-list of .dependency-cruiser.cjs. Everything else ' +
        'under server/ is account side. Type-only imports count. An import that cannot be resolved is refused too.',
      from: { path: '^server/src/anon/' },
      to: {
        pathNot: [...ANON_MAY_IMPORT, NODE_MODULES],
        dependencyTypesNot: ['core'],
      },
    },
    {
      // Without this the seal is one hop deep: anon -> errors.ts -> services/... would pass.
      name: 'neutral-stays-neutral',
      severity: 'error',
      comment: 'The neutral server files the anonymous module may import must themselves import only from the same allow-list.',
      from: { path: ANON_MAY_IMPORT.filter((p) => p.startsWith('^server/src/') && p !== '^server/src/anon/') },
      to: {
        pathNot: [...ANON_MAY_IMPORT, NODE_MODULES],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'shared-is-shared',
      severity: 'error',
      comment: 'shared/src/ runs in the browser and on the server: it must not import from server/, web/, test/, scripts/ or bench/.',
      from: { path: '^shared/src/' },
      to: { path: '^(server|web|test|scripts|bench)/' },
    },
    {
      name: 'web-not-server',
      severity: 'error',
      comment: 'The web app talks to the server over HTTP only: nothing under web/src/ imports from server/.',
      from: { path: '^web/src/' },
      to: { path: '^server/' },
    },
    {
      name: 'no-circular',
      severity: 'warn',
      comment:
        'A cycle of runtime imports between modules; usually a sign that something belongs in a third module. ' +
        'Cycles closed by an `import type` are left alone: they vanish at runtime.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: NODE_MODULES },
    // `import type` counts: a type import of the account-side DB type is exactly what must be refused.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // NodeNext: `./foo.js` in source means foo.ts (or foo.tsx) on disk. dependency-cruiser 17 retries an
    // unresolvable `.js` import as `.ts`/`.tsx`/`.d.ts` by itself (its schema has no extensionAlias); the
    // boundaries test proves these edges are seen, since a resolver that found nothing would pass everything.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
}
