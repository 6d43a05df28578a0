import { describe, expect, it, vi } from 'vitest';
import {
  createDispatch,
  isTrustedSender,
  type Handlers,
  type Sender,
} from '../../../../../src/main/core/ipc/dispatch.ts';
import { AppError } from '../../../../../src/shared/domain/errors.ts';

const APP_ORIGIN = 'app://tokensmith';
const appFrame: Sender = { url: 'app://tokensmith/index.html', isMainFrame: true, isAppWindow: true };
const RUN_ID = '6f1c5c2e-8a43-4a5e-9d51-7f0a3d2b9c11';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'grant:run': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'grant:cancel': vi.fn(() => ({ cancelled: false })),
    'grant:paste-redirect': vi.fn(() => ({ accepted: true as const })),
    'token:copy': vi.fn(() => ({ copied: true as const })),
    'link:copy': vi.fn(() => ({ copied: true as const })),
    'ledger:list': vi.fn(() => []),
    'secrets:masks': vi.fn(() => ({})),
    'vault:state': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'vault:use-passphrase': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'vault:unlock': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'vault:lock': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'vault:allow-cli': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'vault:export': vi.fn(() => ({ path: null, tokensLeftOut: 0 })),
    'vault:import': vi.fn(() => ({ path: null, requests: 0, environments: 0, secrets: 0, tokens: 0 })),
    'vault:list': vi.fn(() => []),
    'vault:auto-lock': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'vault:replace': vi.fn(() => ({ marked: 0 })),
    'vault:delete': vi.fn(() => ({ undoId: 'u', removed: 0 })),
    'vault:prune': vi.fn(() => ({ undoId: 'u', removed: 0 })),
    'vault:undo': vi.fn(() => ({ restored: 0 })),
    'vault:copy': vi.fn(() => ({ copied: true as const })),
    'workspace:current': vi.fn(() => ({ dir: null, name: null, recent: [] })),
    'workspace:open': vi.fn(() => ({ dir: null })),
    'requests:list': vi.fn(() => ({ requests: [], environments: [], problems: [] })),
    'requests:save': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'requests:delete': vi.fn(() => ({ undoId: 'u' })),
    'requests:undo-delete': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'requests:duplicate': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'requests:move': vi.fn(() => []),
    'environments:save': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'environments:delete': vi.fn(() => ({ deleted: true as const })),
    'grant:preview': vi.fn(() => ({ steps: [] })),
    'grant:discover': vi.fn(() => ({})),
    'followup:send': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'jwt:verify': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'refs:test': vi.fn(() => ({ found: true as const })),
    'refs:pass-entries': vi.fn(() => ({ store: '', entries: [] })),
    'refs:choose-file': vi.fn(() => ({ path: null })),
    'refs:kdbx-entries': vi.fn(() => ({ entries: [] })),
    'refs:op-items': vi.fn(() => ({ available: false, items: [] })),
    'refs:move-to-kdbx': vi.fn(() => ({ ref: 'ref+kdbx:///x.kdbx#A' })),
    'refs:copy-to-vault': vi.fn(() => ({ copied: true as const })),
    'ledger:renew': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'ledger:revoke': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'ledger:introspect': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'ledger:userinfo': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'ledger:delete': vi.fn(() => ({ deleted: true as const })),
    'ledger:copy': vi.fn(() => ({ copied: true as const })),
    'import:text': vi.fn(() => Promise.reject(new Error('not called in this test'))),
    'import:file': vi.fn(() => ({ path: null })),
    'export:postman': vi.fn(() => ({ path: null, warnings: [] })),
    'snippet:export': vi.fn(() => ({ code: 'http', variables: [] })),
    'snippet:copy': vi.fn(() => ({ copied: true as const })),
    ...overrides,
  };
}

describe('isTrustedSender', () => {
  it.each<[string, Sender, boolean]>([
    ['the app’s top frame', appFrame, true],
    ['an iframe in the app window', { ...appFrame, isMainFrame: false }, false],
    ['a frame of another window', { ...appFrame, isAppWindow: false }, false],
    ['a page that navigated away', { ...appFrame, url: 'https://evil.example/' }, false],
    ['a look-alike origin', { ...appFrame, url: 'app://tokensmith.evil/' }, false],
    ['a frame without URL', { ...appFrame, url: '' }, false],
  ])('%s → %s', (_name, sender, trusted) => {
    expect(isTrustedSender(sender, APP_ORIGIN)).toBe(trusted);
  });
});

describe('createDispatch', () => {
  it('runs the handler with validated input for the app’s own frame', async () => {
    const table = handlers();
    const dispatch = createDispatch({ handlers: table, appOrigin: APP_ORIGIN });
    const result = await dispatch(
      'snippet:export',
      { runId: RUN_ID, stepId: 'token', lang: 'curl', mode: 'env' },
      appFrame,
    );
    expect(result).toEqual({ ok: true, value: { code: 'http', variables: [] } });
    expect(table['snippet:export']).toHaveBeenCalledWith({ runId: RUN_ID, stepId: 'token', lang: 'curl', mode: 'env' });
  });

  it('refuses any other sender before looking at the input', async () => {
    const table = handlers();
    const dispatch = createDispatch({ handlers: table, appOrigin: APP_ORIGIN });
    const result = await dispatch('token:copy', { runId: RUN_ID }, { ...appFrame, isMainFrame: false });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(table['token:copy']).not.toHaveBeenCalled();
  });

  it.each([
    ['a wrong type', { runId: RUN_ID, stepId: 7, lang: 'curl', mode: 'env' }, /stepId/],
    ['a mode outside the enum', { runId: RUN_ID, stepId: 'token', lang: 'curl', mode: 'reveal' }, /mode/],
    ['an oversized string', { runId: RUN_ID, stepId: 'x'.repeat(10_000), lang: 'curl', mode: 'env' }, /stepId/],
    [
      'a __proto__ key',
      JSON.parse(
        `{"runId":"${RUN_ID}","stepId":"t","lang":"curl","mode":"env","__proto__":{"polluted":true}}`,
      ) as unknown,
      /forbidden key/,
    ],
    ['no input', undefined, /invalid/],
  ])('rejects %s with INVALID_INPUT', async (_name, input, message) => {
    const table = handlers();
    const result = await createDispatch({ handlers: table, appOrigin: APP_ORIGIN })('snippet:export', input, appFrame);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!result.ok && result.error.message).toMatch(message);
    expect(table['snippet:export']).not.toHaveBeenCalled();
  });

  it('rejects unknown channels, including prototype names', async () => {
    const dispatch = createDispatch({ handlers: handlers(), appOrigin: APP_ORIGIN });
    for (const channel of ['shell:exec', 'constructor', '__proto__', 'toString']) {
      expect(await dispatch(channel, {}, appFrame)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });

  it('passes AppError codes through and hides unexpected errors and their stacks', async () => {
    const onUnexpectedError = vi.fn();
    const dispatch = createDispatch({
      appOrigin: APP_ORIGIN,
      onUnexpectedError,
      handlers: handlers({
        'token:copy': () => {
          throw new AppError('NO_TOKEN', 'This run did not get a token.');
        },
        'snippet:copy': () => {
          throw new Error('secret internal detail at /home/user/file.ts:12');
        },
      }),
    });
    expect(await dispatch('token:copy', { runId: RUN_ID }, appFrame)).toEqual({
      ok: false,
      error: { code: 'NO_TOKEN', message: 'This run did not get a token.' },
    });
    const hidden = await dispatch(
      'snippet:copy',
      { runId: RUN_ID, stepId: 'token', lang: 'curl', mode: 'env' },
      appFrame,
    );
    expect(hidden).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(hidden)).not.toMatch(/internal detail|file\.ts|at /);
    expect(onUnexpectedError).toHaveBeenCalledOnce();
  });
});
