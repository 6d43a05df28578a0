/**
 * Runs Electronegativity (Doyensec's checker for the Electron security checklist) and decides
 * pass or fail. Its command line always exits 0, its CSV writer races with itself, and with `-o` it
 * drops parse errors silently; so it is run through its programmatic API, which returns the
 * findings and the files it could not parse, and the gate is ours.
 *
 * It must run offline and the same every time. Electronegativity fetches translations from the
 * network at start (falling back to its bundled English) and, in one global check, Electron's
 * release list; offline, a retry timer in its old `got` then crashes the process. So `got` is
 * replaced for it by a function that fails at once, and the release check (a version lag report,
 * which Dependabot-style updates cover better) is excluded.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';

export const BLOCKING = new Set(['HIGH', 'MEDIUM']);

export interface Finding {
  id: string;
  severity: string;
  confidence: string;
  /** Repository-relative, with forward slashes. */
  file: string;
  line: number;
  sample: string;
  description: string;
}

export interface ScanResult {
  findings: Finding[];
  /** Files Electronegativity could not parse: they were not checked. */
  unparsed: { file: string; message: string }[];
}

interface RawIssue {
  id: string;
  severity: { name: string };
  confidence: { name: string };
  file: string;
  location?: { line?: number };
  sample?: string;
  description: string;
}

interface RawResult {
  issues: RawIssue[];
  errors: { file: string; message: string; tolerable: boolean }[];
}

type Run = (options: Record<string, unknown>) => Promise<RawResult>;

const require = createRequire(import.meta.url);

function loadElectronegativity(): Run {
  const entry = require.resolve('@doyensec/electronegativity');
  const gotPath = createRequire(entry).resolve('got');
  const offline = Object.assign(
    () => Promise.reject(new Error('offline: Tokensmith runs Electronegativity without network')),
    {
      head: () => Promise.reject(new Error('offline')),
    },
  );
  require.cache[gotPath] = {
    id: gotPath,
    filename: gotPath,
    loaded: true,
    exports: offline,
  } as unknown as NodeJS.Module;
  const loaded = require(entry) as Run | { default: Run };
  return typeof loaded === 'function' ? loaded : loaded.default;
}

/** The Electron version in node_modules (its package.json is there even without the binary). */
export function installedElectronVersion(root: string): string {
  const file = path.join(root, 'node_modules', 'electron', 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

export async function scan(options: { root: string; input: string; electronVersion: string }): Promise<ScanResult> {
  const run = loadElectronegativity();
  const input = path.resolve(options.root, options.input);
  const result = await run({
    input,
    isRelative: true,
    electronVersionOverride: options.electronVersion,
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
  });
  // Global checks (CSP, navigation limits) report the whole app as "N/A".
  const relative = (file: string): string =>
    file === 'N/A' ? file : path.relative(options.root, path.resolve(input, file)).split(path.sep).join('/');
  return {
    findings: result.issues.map((issue) => ({
      id: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: relative(issue.file),
      line: issue.location?.line ?? 0,
      sample: (issue.sample ?? '').trim(),
      description: issue.description,
    })),
    unparsed: result.errors
      .filter((error) => !error.tolerable)
      .map((error) => ({ file: relative(error.file), message: error.message })),
  };
}

export const baselineSchema = z.object({
  $comment: z.string().optional(),
  accepted: z.array(
    z.object({
      id: z.string().min(1),
      file: z.string().min(1),
      /** The flagged line as Electronegativity quotes it: a changed line must be reviewed again. */
      sample: z.string().min(1),
      /** Why this finding is not a problem here, for the next reviewer. */
      reason: z.string().min(40, 'a reason of at least one real sentence'),
    }),
  ),
});
export type Baseline = z.infer<typeof baselineSchema>;
export type Accepted = Baseline['accepted'][number];

export interface Verdict {
  /** HIGH or MEDIUM findings no baseline entry accepts. */
  unaccepted: Finding[];
  accepted: { finding: Finding; entry: Accepted }[];
  /** Baseline entries that match no finding: remove them, so the baseline stays a reviewed list. */
  stale: Accepted[];
  unparsed: ScanResult['unparsed'];
  ok: boolean;
}

const matches = (finding: Finding, entry: Accepted): boolean =>
  finding.id === entry.id && finding.file === entry.file && finding.sample === entry.sample.trim();

export function judge(result: ScanResult, baseline: Baseline): Verdict {
  const blocking = result.findings.filter((finding) => BLOCKING.has(finding.severity));
  const accepted: Verdict['accepted'] = [];
  const unaccepted: Finding[] = [];
  for (const finding of blocking) {
    const entry = baseline.accepted.find((candidate) => matches(finding, candidate));
    if (entry) accepted.push({ finding, entry });
    else unaccepted.push(finding);
  }
  const stale = baseline.accepted.filter((entry) => !result.findings.some((finding) => matches(finding, entry)));
  return {
    unaccepted,
    accepted,
    stale,
    unparsed: result.unparsed,
    ok: unaccepted.length === 0 && stale.length === 0 && result.unparsed.length === 0,
  };
}

export function readBaseline(file: string): Baseline {
  return baselineSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** The report, one finding a line, for people and CI logs. */
export function report(result: ScanResult, verdict: Verdict): string[] {
  const lines: string[] = [];
  const at = (finding: Finding): string => `${finding.file}:${finding.line}`;
  for (const finding of verdict.unaccepted) {
    lines.push(`✗ ${finding.severity} ${finding.id} at ${at(finding)}: ${finding.description} — ${finding.sample}`);
  }
  for (const { finding, entry } of verdict.accepted) {
    lines.push(`✓ ${finding.severity} ${finding.id} at ${at(finding)}: accepted — ${entry.reason}`);
  }
  for (const finding of result.findings.filter((candidate) => !BLOCKING.has(candidate.severity))) {
    lines.push(`· ${finding.severity} ${finding.id} at ${at(finding)}: ${finding.description}`);
  }
  for (const entry of verdict.stale) {
    lines.push(
      `✗ stale baseline entry ${entry.id} at ${entry.file} (${entry.sample}): no such finding any more; remove it`,
    );
  }
  for (const error of verdict.unparsed) lines.push(`✗ could not parse ${error.file}: ${error.message}`);
  return lines;
}
