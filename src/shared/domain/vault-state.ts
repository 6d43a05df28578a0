import { z } from 'zod';

/** OWASP ASVS 4.0 §2.1.1 / 5.0 §6.2.1: a passphrase has at least 12 characters (main enforces it; the form says it). */
export const MIN_PASSPHRASE_LENGTH = 12;

/** What the renderer may know about the vault: how it is protected and whether it is open. */
export const vaultStateSchema = z.object({
  protection: z.enum(['keychain', 'passphrase']).nullable(),
  /** For people: "the GNOME keyring (gnome_libsecret)", "your passphrase (…)". */
  description: z.string(),
  locked: z.boolean(),
  secretCount: z.number(),
  /** References of secrets this session cannot open (another keychain backend): enter them again. */
  lockedEntries: z.array(z.string()),
  /** Whether a real keychain is there to switch to. */
  keychainUsable: z.boolean(),
  autoLockMinutes: z.number(),
  /** Whether the command line may open the vault with the key in the OS keyring (its key slot is there). */
  cliAllowed: z.boolean().optional(),
  /** What the user must know now, in one or two sentences. */
  message: z.string().optional(),
});
export type VaultState = z.infer<typeof vaultStateSchema>;

/**
 * What an export says of the stored tokens it could not open (sealed by another keychain backend)
 * and so could not carry: nothing when there are none.
 */
export function leftOutNote(tokensLeftOut: number): string {
  if (tokensLeftOut === 0) return '';
  return ` ${tokensLeftOut} token(s) sealed by another keychain could not be opened and are not in the file: get them again after importing it.`;
}
