import { describe, expect, it } from 'vitest';
import { assignInPlace, mergeChanges } from '../../../../../src/main/core/store/merge.ts';

describe('three-way merge of a store document', () => {
  const base = {
    vault: { protection: 'passphrase', secrets: { a: 'sa', b: 'sb' } },
    savedRequests: [
      { id: '1', name: 'one' },
      { id: '2', name: 'two' },
    ],
    settings: { autoLockMinutes: 15 },
  };

  it('keeps what each side added or changed in different places', () => {
    const ours = {
      ...base,
      vault: { ...base.vault, secrets: { ...base.vault.secrets, c: 'sc' } },
      savedRequests: [...base.savedRequests, { id: '3', name: 'ours' }],
    };
    const theirs = {
      ...base,
      vault: { ...base.vault, secrets: { ...base.vault.secrets, d: 'sd' } },
      savedRequests: [{ id: '1', name: 'renamed by them' }, base.savedRequests[1]!, { id: '4', name: 'theirs' }],
      settings: { autoLockMinutes: 5 },
    };
    expect(mergeChanges(base, ours, theirs)).toEqual({
      vault: { protection: 'passphrase', secrets: { a: 'sa', b: 'sb', c: 'sc', d: 'sd' } },
      savedRequests: [
        { id: '1', name: 'renamed by them' },
        { id: '2', name: 'two' },
        { id: '4', name: 'theirs' },
        { id: '3', name: 'ours' },
      ],
      settings: { autoLockMinutes: 5 },
    });
  });

  it('a deletion on one side wins over no change on the other; a change wins over a deletion', () => {
    const ours = { ...base, vault: { ...base.vault, secrets: { a: 'sa' } }, savedRequests: [base.savedRequests[0]!] };
    const theirs = { ...base, savedRequests: [base.savedRequests[0]!, { id: '2', name: 'changed by them' }] };
    expect(mergeChanges(base, ours, theirs)).toMatchObject({
      vault: { secrets: { a: 'sa' } },
      savedRequests: [{ id: '1', name: 'one' }],
    });
  });

  it('where both changed the same value, this write (ours) wins', () => {
    const ours = { ...base, settings: { autoLockMinutes: 1 } };
    const theirs = { ...base, settings: { autoLockMinutes: 60 } };
    expect(mergeChanges(base, ours, theirs)).toMatchObject({ settings: { autoLockMinutes: 1 } });
  });

  it('updates an object in place, keeping the nested objects others hold', () => {
    const target: Record<string, unknown> = { vault: { secrets: { a: '1' }, gone: true }, old: 1 };
    const vault = target.vault;
    assignInPlace(target, { vault: { secrets: { b: '2' } }, added: 2 });
    expect(target).toEqual({ vault: { secrets: { b: '2' } }, added: 2 });
    expect(target.vault).toBe(vault);
  });
});
