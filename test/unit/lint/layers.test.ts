import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * Files that break (or keep) a layer rule, written into the real source folders so ESLint applies
 * the real config to them. Their names match .gitignore's `*.layer-probe.ts*`.
 */
const probes = {
  sharedNode: [
    'src/shared/node.layer-probe.ts',
    `import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n`,
  ],
  sharedBareNode: [
    'src/shared/bare.layer-probe.ts',
    `import { createHash } from 'crypto';\nexport const probe = createHash;\n`,
  ],
  sharedElectron: [
    'src/shared/electron.layer-probe.ts',
    `import { app } from 'electron';\nexport const probe = app;\n`,
  ],
  sharedMain: [
    'src/shared/main.layer-probe.ts',
    `import { createCore } from '../main/core/app-core.ts';\nexport const probe = createCore;\n`,
  ],
  coreElectron: [
    'src/main/core/electron.layer-probe.ts',
    `import { safeStorage } from 'electron';\nexport const probe = safeStorage;\n`,
  ],
  coreGlue: [
    'src/main/core/glue.layer-probe.ts',
    `import { registerIpc } from '../ipc.ts';\nexport const probe = registerIpc;\n`,
  ],
  rendererMain: [
    'src/renderer/src/main.layer-probe.ts',
    `import { createCore } from '../../main/core/app-core.ts';\nexport const probe = createCore;\n`,
  ],
  rendererNode: [
    'src/renderer/src/node.layer-probe.ts',
    `import { readFile } from 'node:fs/promises';\nexport const probe = readFile;\n`,
  ],
  componentApi: [
    'src/renderer/src/features/grant/components/api.layer-probe.tsx',
    `export function Probe() {\n  void window.api['token:copy']({ runId: 'x' });\n  return null;\n}\n`,
  ],
  sharedAllowed: [
    'src/shared/allowed.layer-probe.ts',
    `import { z } from 'zod';\nimport { AppError } from './domain/errors.ts';\nexport const probe = [z, AppError];\n`,
  ],
} as const;

type Probe = keyof typeof probes;
const results = new Map<Probe, ESLint.LintResult>();

beforeAll(async () => {
  await Promise.all(Object.values(probes).map(([file, code]) => writeFile(path.join(root, file), code)));
  try {
    const eslint = new ESLint({ cwd: root });
    const files = Object.values(probes).map(([file]) => file);
    const lintResults = await eslint.lintFiles(files);
    for (const [name, [file]] of Object.entries(probes) as [Probe, (typeof probes)[Probe]][]) {
      const result = lintResults.find((candidate) => candidate.filePath === path.join(root, file));
      if (result) results.set(name, result);
    }
  } finally {
    await Promise.all(Object.values(probes).map(([file]) => rm(path.join(root, file), { force: true })));
  }
}, 120_000);

afterAll(() => Promise.all(Object.values(probes).map(([file]) => rm(path.join(root, file), { force: true }))));

function ruleHits(probe: Probe, rule: string): string[] {
  const result = results.get(probe);
  if (!result) throw new Error(`ESLint did not lint ${probe}`);
  return result.messages.filter((message) => message.ruleId === rule).map((message) => message.message);
}

describe('layer rules (eslint.config.js)', () => {
  it.each<[Probe, RegExp]>([
    ['sharedNode', /src\/shared is pure TypeScript/],
    ['sharedBareNode', /src\/shared is pure TypeScript/],
    ['sharedElectron', /src\/shared is pure TypeScript/],
    ['sharedMain', /src\/shared is pure TypeScript/],
    ['coreElectron', /never imports electron/],
    ['coreGlue', /never imports electron or the Electron glue/],
    ['rendererMain', /src\/renderer imports only src\/shared and itself/],
    ['rendererNode', /src\/renderer imports only src\/shared and itself/],
  ])('%s is an error', (probe, message) => {
    const hits = ruleHits(probe, 'no-restricted-imports');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatch(message);
    expect(results.get(probe)?.errorCount).toBeGreaterThan(0);
  });

  it('forbids components from calling window.api', () => {
    expect(ruleHits('componentApi', 'no-restricted-syntax')).toEqual([
      'Components call slice actions, not window.api.',
    ]);
  });

  it('lets src/shared import zod and itself', () => {
    expect(results.get('sharedAllowed')?.messages).toEqual([]);
  });
});
