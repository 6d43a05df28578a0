import type { Vault } from './vault.ts';

/**
 * The operating system's signs that the user stepped away, as Electron's powerMonitor names them:
 * the screen was locked, or the machine is going to sleep. Bitwarden and 1Password lock on both.
 */
export const SYSTEM_LOCK_EVENTS = ['lock-screen', 'suspend'] as const;

/** Where those events come from: powerMonitor in the app, an EventEmitter in tests. */
export interface SystemEvents {
  on(event: (typeof SYSTEM_LOCK_EVENTS)[number], listener: () => void): unknown;
}

/** Locks a passphrase vault (forgetting its key, the clear tokens and the recent runs) on those events. */
export function lockVaultWithSystem(events: SystemEvents, vault: Pick<Vault, 'lock'>): void {
  for (const event of SYSTEM_LOCK_EVENTS) events.on(event, () => vault.lock());
}
