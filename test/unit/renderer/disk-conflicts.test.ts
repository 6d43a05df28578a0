import { describe, expect, it } from 'vitest';
import { changedUnderEdits } from '../../../src/renderer/src/features/workspace/disk-conflicts.ts';
import type { SavedRequest } from '../../../src/shared/domain/workspace.ts';

const request = (id: string, values: Record<string, string> = {}): SavedRequest => ({
  id,
  name: `Request ${id}`,
  folder: '',
  order: 0,
  profileId: 'oauth2',
  values,
  secretFields: [],
  followUps: [],
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
});

describe('a request changed on disk while it has unsaved edits', () => {
  const before = [request('a', { clientId: 'one' }), request('b', { clientId: 'one' }), request('c')];

  it('is a conflict when its content changed, or its file is gone; with the version on disk', () => {
    const changed = request('a', { clientId: 'two' });
    const conflicts = changedUnderEdits({
      before,
      after: [changed, request('b', { clientId: 'one' })],
      dirty: { a: true, b: true, c: true },
      ownChanges: new Set(),
    });
    expect(conflicts).toEqual({ a: changed, c: null });
  });

  it('is a conflict when a teammate changed the reference a secret field reads (git pull)', () => {
    const pulled = { ...request('a', { clientId: 'one' }), refs: { clientSecret: 'ref+pass://team/new' } };
    expect(
      changedUnderEdits({
        before: [{ ...request('a', { clientId: 'one' }), refs: { clientSecret: 'ref+pass://team/old' } }],
        after: [pulled],
        dirty: { a: true },
        ownChanges: new Set(),
      }),
    ).toEqual({ a: pulled });
  });

  it('is not one without unsaved edits, for a change of its file time or place alone, or for the window’s own change', () => {
    const moved = {
      ...request('a', { clientId: 'one' }),
      folder: 'Moved',
      order: 3,
      updatedAt: '2026-04-01T00:00:00.000Z',
    };
    expect(
      changedUnderEdits({
        before,
        after: [moved, request('b', { clientId: 'changed' })],
        dirty: { a: true, c: true },
        ownChanges: new Set(['c']),
      }),
    ).toEqual({});
  });
});
