/** Encrypts secret values before they reach the store; one implementation per protection. */
export interface SecretCipher {
  /** `os:<backend>` for the keychain, `pw` for the passphrase: which envelopes this cipher opens. */
  readonly owner: string;
  /** For people: "the GNOME keyring (gnome_libsecret)", "your passphrase". */
  readonly description: string;
  encrypt(plaintext: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
}
