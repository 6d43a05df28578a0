import { afterEach, describe, expect, it, vi } from 'vitest';
import { SecretClipboard } from '../../../../../src/main/core/clipboard/secret-clipboard.ts';
import { KAISA_CLIENT, startKaisaSimulator } from '../../../../fixtures/simulators/kaisa.ts';
import { startCore } from '../../../../support/core.ts';
import { recordingClipboard } from '../../../../support/recorders.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** The system clipboard as the OS keeps it: one text, which anyone may replace. */
function systemClipboard() {
  const { clipboard, written } = recordingClipboard();
  return { clipboard, written, current: () => written.at(-1) ?? '' };
}

describe('a copied token or secret is cleared from the clipboard after 30 s', () => {
  it('clears it 30 s later, if the clipboard still holds it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const system = systemClipboard();
    const clipboard = new SecretClipboard({ clipboard: system.clipboard, clearAfterSeconds: () => 30 });
    expect(await clipboard.writeSecret('the access token')).toEqual({ clearsInSeconds: 30 });
    expect(system.current()).toBe('the access token');
    await vi.advanceTimersByTimeAsync(29_999);
    expect(system.current()).toBe('the access token');
    await vi.advanceTimersByTimeAsync(1);
    expect(system.current()).toBe('');
    expect(system.written).toEqual(['the access token', '']);
  });

  it('leaves alone what the user copied since', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const system = systemClipboard();
    const clipboard = new SecretClipboard({ clipboard: system.clipboard, clearAfterSeconds: () => 30 });
    await clipboard.writeSecret('the access token');
    await system.clipboard.writeText('something the user copied');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(system.current()).toBe('something the user copied');
  });

  it('a second copy starts the time again and a link is not cleared', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const system = systemClipboard();
    const clipboard = new SecretClipboard({ clipboard: system.clipboard, clearAfterSeconds: () => 30 });
    await clipboard.writeSecret('first token');
    await vi.advanceTimersByTimeAsync(20_000);
    await clipboard.writeSecret('second token');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(system.current()).toBe('second token');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(system.current()).toBe('');
    expect(await clipboard.writeText('https://example.com/device')).toEqual({});
    await vi.advanceTimersByTimeAsync(60_000);
    expect(system.current()).toBe('https://example.com/device');
  });

  it('the setting off (0) never clears', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const system = systemClipboard();
    const clipboard = new SecretClipboard({ clipboard: system.clipboard, clearAfterSeconds: () => 0 });
    expect(await clipboard.writeSecret('the access token')).toEqual({});
    await vi.advanceTimersByTimeAsync(120_000);
    expect(system.current()).toBe('the access token');
  });
});

describe('through the core', () => {
  it('token:copy and ledger:copy say when the clipboard clears (30 s by default); a link copy does not', async () => {
    const sim = await startKaisaSimulator();
    const app = await startCore({ autoRenew: false });
    try {
      const report = await app.call('grant:run', {
        profileId: 'kaisa',
        values: { tokenUrl: sim.tokenUrl, ...KAISA_CLIENT, bodyFormat: 'form' },
      });
      expect(report.error).toBeUndefined();
      expect(await app.call('token:copy', { runId: report.runId })).toEqual({ copied: true, clearsInSeconds: 30 });
      expect(app.clipboard.at(-1)).toBe(sim.issued.at(-1));
      expect(await app.call('ledger:copy', { id: report.ledgerId! })).toEqual({ copied: true, clearsInSeconds: 30 });
      expect(await app.call('link:copy', { url: 'https://example.com/device' })).toEqual({ copied: true });
    } finally {
      await app.close();
      await sim.close();
    }
  });
});
