import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  installedElectronVersion,
  judge,
  readBaseline,
  scan,
  type Baseline,
  type Finding,
  type ScanResult,
} from '../../../scripts/electronegativity-gate.ts';
import { ROOT } from '../../support/security/sources.ts';

const electronVersion = installedElectronVersion(ROOT);
const baseline = readBaseline(path.join(ROOT, 'security/electronegativity-baseline.json'));

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  id: 'OPEN_EXTERNAL_JS_CHECK',
  severity: 'MEDIUM',
  confidence: 'TENTATIVE',
  file: 'src/main/electron/open-external.ts',
  line: 12,
  sample: 'await shell.openExternal(url);',
  description: 'Review the use of openExternal',
  ...overrides,
});
const result = (...findings: Finding[]): ScanResult => ({ findings, unparsed: [] });
const entry = (overrides: Partial<Baseline['accepted'][number]> = {}): Baseline['accepted'][number] => ({
  id: 'OPEN_EXTERNAL_JS_CHECK',
  file: 'src/main/electron/open-external.ts',
  sample: 'await shell.openExternal(url);',
  reason: 'The one call, right after isSafeExternalUrl refuses every unsafe URL.',
  ...overrides,
});

describe('judge', () => {
  it('passes a MEDIUM finding the baseline accepts, and LOW findings without one', () => {
    const verdict = judge(result(finding(), finding({ id: 'CSP_GLOBAL_CHECK', severity: 'LOW' })), {
      accepted: [entry()],
    });
    expect(verdict).toMatchObject({ ok: true, unaccepted: [], stale: [] });
  });

  it.each([
    ['a HIGH finding', finding({ id: 'NODE_INTEGRATION_JS_CHECK', severity: 'HIGH', sample: 'nodeIntegration: true' })],
    ['the same check in another file', finding({ file: 'src/main/electron/window.ts' })],
    ['the accepted line after it changed', finding({ sample: 'await shell.openExternal(anything);' })],
  ])('fails %s', (_name, flagged) => {
    const verdict = judge(result(finding(), flagged), { accepted: [entry()] });
    expect(verdict.ok).toBe(false);
    expect(verdict.unaccepted).toEqual([flagged]);
  });

  it('fails a baseline entry that matches nothing any more', () => {
    const verdict = judge(result(), { accepted: [entry()] });
    expect(verdict).toMatchObject({ ok: false, stale: [entry()] });
  });

  it('fails when a file could not be parsed, since it was not checked', () => {
    const verdict = judge(
      { findings: [], unparsed: [{ file: 'src/main/x.ts', message: 'Unexpected token' }] },
      { accepted: [] },
    );
    expect(verdict.ok).toBe(false);
  });

  it('the baseline gives a reason for every entry', () => {
    expect(baseline.accepted.length).toBeGreaterThan(0);
    for (const accepted of baseline.accepted) expect(accepted.reason.length).toBeGreaterThanOrEqual(40);
  });
});

describe('Electronegativity itself, offline', () => {
  it('passes over src/ with the reviewed baseline, having parsed every file', async () => {
    const scanned = await scan({ root: ROOT, input: 'src', electronVersion });
    expect(scanned.unparsed).toEqual([]);
    const verdict = judge(scanned, baseline);
    expect(verdict.unaccepted).toEqual([]);
    expect(verdict.stale).toEqual([]);
    expect(verdict.ok).toBe(true);
  }, 60_000);

  it('fails over a window without isolation, sandbox or web security, and without navigation limits (fixture)', async () => {
    const scanned = await scan({ root: ROOT, input: 'test/fixtures/security/electronegativity', electronVersion });
    const verdict = judge(scanned, baseline);
    expect(verdict.ok).toBe(false);
    expect(verdict.unaccepted.map((flagged) => `${flagged.severity} ${flagged.id}`)).toEqual(
      expect.arrayContaining([
        'HIGH CONTEXT_ISOLATION_JS_CHECK',
        'HIGH LIMIT_NAVIGATION_GLOBAL_CHECK',
        'MEDIUM SANDBOX_JS_CHECK',
        'MEDIUM WEB_SECURITY_JS_CHECK',
        'MEDIUM PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      ]),
    );
  }, 60_000);
});
