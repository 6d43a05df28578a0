import { powerMonitor } from 'electron';
import { lockVaultWithSystem } from '../core/vault/system-lock.ts';
import type { Vault } from '../core/vault/vault.ts';

/** Locks the vault when the screen locks or the machine suspends; call after the app is ready. */
export function lockVaultOnSleep(vault: Pick<Vault, 'lock'>): void {
  lockVaultWithSystem(powerMonitor, vault);
}
