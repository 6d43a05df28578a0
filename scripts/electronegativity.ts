/**
 * `npm run security` (and a check of `npm test`): Electronegativity over src/, failing on any HIGH
 * or MEDIUM finding that security/electronegativity-baseline.json does not accept with a reason,
 * on a baseline entry that no longer matches anything, and on a file it could not parse.
 */
import path from 'node:path';
import { installedElectronVersion, judge, readBaseline, report, scan } from './electronegativity-gate.ts';

const root = path.resolve(import.meta.dirname, '..');
const baselineFile = path.join(root, 'security', 'electronegativity-baseline.json');

const baseline = readBaseline(baselineFile);
const result = await scan({ root, input: 'src', electronVersion: installedElectronVersion(root) });
const verdict = judge(result, baseline);
for (const line of report(result, verdict)) console.log(line);
console.log(
  `electronegativity: ${result.findings.length} finding(s), ${verdict.accepted.length} accepted in the baseline, ` +
    `${verdict.unaccepted.length} not accepted, ${verdict.stale.length} stale baseline entr${verdict.stale.length === 1 ? 'y' : 'ies'}`,
);
process.exit(verdict.ok ? 0 : 1);
