import { expect } from 'vitest';
import type { Core } from '../../src/main/core/app-core.ts';
import { toCurl } from '../../src/shared/snippets/curl.ts';
import type { CapturedRequest, SimServer } from '../fixtures/simulators/sim-server.ts';
import { comparable, runBash } from './shell.ts';

function sameTarget(request: CapturedRequest, url: URL, method: string): boolean {
  return request.method === method && request.path === url.pathname && request.query === url.search.replace(/^\?/, '');
}

/**
 * For every HTTP exchange of a run: the exported cURL, run by bash with the real curl binary,
 * reaches the server as the same request the engine sent — once with secrets from environment
 * variables (the default export), once revealed.
 */
export async function expectExportsReproduce(
  core: Core,
  runId: string,
  server: SimServer,
  sentByEngine: CapturedRequest[],
): Promise<number> {
  const run = core.runs.get(runId);
  let checked = 0;
  for (const step of run.steps) {
    if (!step.spec) continue;
    const url = new URL(step.spec.url);
    const engine = sentByEngine.find((request) => sameTarget(request, url, step.spec!.method));
    expect(engine, `the engine's request of step ${step.id}`).toBeDefined();
    const env = Object.fromEntries(step.secrets.map((secret) => [secret.variable, secret.value]));
    for (const mode of ['env', 'reveal'] as const) {
      const { command } = toCurl(step.spec, { secrets: step.secrets, mode });
      if (mode === 'env') for (const secret of step.secrets) expect(command).not.toContain(secret.value);
      const before = server.requests.length;
      const result = await runBash(command, mode === 'env' ? env : {});
      expect(result.stderr, `curl of step ${step.id}`).toBe('');
      expect(server.requests.length).toBe(before + 1);
      expect(comparable(server.requests.at(-1)!), `curl of step ${step.id} (${mode})`).toEqual(comparable(engine!));
    }
    checked++;
  }
  return checked;
}
