/** The Electron glue: powerMonitor's events reach the core's vault lock, and the app wires it at start. */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const powerMonitor = vi.hoisted(async () => new (await import('node:events')).EventEmitter());
vi.mock('electron', async () => ({ powerMonitor: await powerMonitor }));

const monitor = await powerMonitor;
const { lockVaultOnSleep } = await import('../../../../src/main/electron/power-lock.ts');

describe('lockVaultOnSleep', () => {
  it('locks the vault on powerMonitor lock-screen and suspend', () => {
    const vault = { lock: vi.fn() };
    lockVaultOnSleep(vault);
    monitor.emit('resume');
    expect(vault.lock).not.toHaveBeenCalled();
    monitor.emit('lock-screen');
    monitor.emit('suspend');
    expect(vault.lock).toHaveBeenCalledTimes(2);
    expect(monitor).toBeInstanceOf(EventEmitter);
  });

  it('src/main/index.ts calls it with the core vault once the core exists', () => {
    const source = readFileSync(path.resolve(import.meta.dirname, '../../../../src/main/index.ts'), 'utf8');
    const wired = source.indexOf('lockVaultOnSleep(core.vault);');
    expect(wired).toBeGreaterThan(source.indexOf('const core = await createCore('));
    expect(source).toMatch(/^import \{ lockVaultOnSleep \} from '\.\/electron\/power-lock\.ts';$/m);
  });
});
