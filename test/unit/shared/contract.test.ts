import { describe, expect, it } from 'vitest';
import { CHANNELS, contract } from '../../../src/shared/contract.ts';

const RUN_ID = '6f1c5c2e-8a43-4a5e-9d51-7f0a3d2b9c11';

describe('one way to export a request', () => {
  it('a step leaves as code only through snippet:* (cURL is one of its languages)', () => {
    expect(CHANNELS.filter((channel) => channel.startsWith('curl:'))).toEqual([]);
    const exported = contract['snippet:export'].input;
    expect(exported.safeParse({ runId: RUN_ID, stepId: 'token', lang: 'curl', mode: 'env' }).success).toBe(true);
    // Revealed code goes to the clipboard from main, never to the renderer.
    expect(exported.safeParse({ runId: RUN_ID, stepId: 'token', lang: 'curl', mode: 'reveal' }).success).toBe(false);
    const copied = contract['snippet:copy'].input;
    expect(copied.safeParse({ runId: RUN_ID, stepId: 'token', lang: 'curl', mode: 'reveal' }).success).toBe(true);
  });
});
