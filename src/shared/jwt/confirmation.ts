/** What a token is kept with: the thumbprints of its DPoP key and its client certificate. */
export interface KeptBinding {
  jkt?: string | undefined;
  x5tS256?: string | undefined;
}

/** One key a JWT says it is bound to (`cnf`), and whether it is the one the token is kept with. */
export interface ConfirmationCheck {
  member: 'jkt' | 'x5t#S256';
  /** What the key is, in words. */
  label: string;
  value: string;
  /** Undefined when there is nothing to compare with (a token pasted, not kept). */
  matches?: boolean;
  detail: string;
}

const MEMBERS = [
  {
    member: 'jkt',
    kept: 'jkt',
    label: 'DPoP key (cnf.jkt)',
    what: 'the DPoP key this token is kept with',
    none: 'The ledger holds no DPoP key for this token: no request can prove it.',
  },
  {
    member: 'x5t#S256',
    kept: 'x5tS256',
    label: 'Client certificate (cnf.x5t#S256)',
    what: 'the client certificate this token is kept with',
    none: 'The ledger holds no client certificate for this token: no request can present it.',
  },
] as const;

/**
 * The keys a JWT's `cnf` claim binds it to, each compared with what the ledger keeps the token
 * with: a mismatch means a follow-up request would prove the wrong key and be refused.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-6.1
 * @see https://www.rfc-editor.org/rfc/rfc8705#section-3.1
 */
export function confirmationChecks(cnf: unknown, kept: KeptBinding | undefined): ConfirmationCheck[] {
  if (typeof cnf !== 'object' || cnf === null) return [];
  const claim = cnf as Record<string, unknown>;
  return MEMBERS.flatMap(({ member, kept: keptMember, label, what, none }) => {
    const value = claim[member];
    if (typeof value !== 'string') return [];
    if (!kept) return [{ member, label, value, detail: 'Nothing to compare with: this token is not in the ledger.' }];
    const expected = kept[keptMember];
    if (expected === undefined) return [{ member, label, value, matches: false, detail: none }];
    const matches = expected === value;
    return [
      { member, label, value, matches, detail: matches ? `Matches ${what}.` : `Does not match ${what} (${expected}).` },
    ];
  });
}
