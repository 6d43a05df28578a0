/** Encrypts secret values before they reach the store; one implementation per protection. */
export interface SecretCipher {
  /** `os:<backend>` for the keychain, `pw` for the passphrase: which envelopes this cipher opens. */
  readonly owner: string;
  /** For people: "the GNOME keyring (gnome_libsecret)", "your passphrase". */
  readonly description: string;
  /** Seals a value for the reference it is stored under; it opens under that reference only. */
  encrypt(plaintext: string, ref: string): Promise<string>;
  /** Opens a value stored under `ref`; a value sealed for another reference fails with VAULT_CORRUPTED. */
  decrypt(sealed: string, ref: string): Promise<string>;
}

/** The additional data a value is sealed with: its reference, under a label of its own. */
export function boundTo(ref: string): Buffer {
  return Buffer.from(`tokensmith vault entry\0${ref}`, 'utf8');
}
