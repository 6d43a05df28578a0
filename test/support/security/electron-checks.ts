/**
 * The Electron security checklist as functions over source text. Each returns the problems it
 * finds (empty when the item holds), so the same check runs over src/ and over the deliberately
 * broken fixtures in test/fixtures/security/, where it must find its problem.
 */
import ts from 'typescript';
import {
  descendants,
  enclosingFunction,
  functionCalls,
  hasSpread,
  importedModules,
  isFunctionNode,
  isLiteral,
  methodCalls,
  nameOf,
  parameterName,
  parse,
  property,
  resolveFunction,
  returnedExpressions,
  unwrap,
  where,
  type SourceText,
} from './ast.ts';

/** webPreferences every window must spell out, with the only value allowed. */
export const REQUIRED_WEB_PREFERENCES: Record<string, boolean> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
};

/**
 * webPreferences every window must set, to a value that is not the literal `true`: Electron's
 * default would open DevTools in the packaged app (a way around the UI, and into main's secrets
 * shown in the window). The value comes from rendererSource, which is false when packaged.
 */
const DECIDED_WEB_PREFERENCES = ['devTools'];

/** webPreferences no window may set at all. */
const FORBIDDEN_WEB_PREFERENCES = ['enableBlinkFeatures', 'additionalArguments', 'enableRemoteModule'];

/** Every `new BrowserWindow(…)` has literal, hardened webPreferences and a preload script. */
export function checkWindowPreferences(source: SourceText): { windows: number; problems: string[] } {
  const file = parse(source);
  const constructions = descendants(file)
    .filter(ts.isNewExpression)
    .filter((node) => nameOf(node.expression) === 'BrowserWindow');
  const problems = constructions.flatMap((node) => {
    const options = node.arguments?.[0] && unwrap(node.arguments[0]);
    if (!options || !ts.isObjectLiteralExpression(options)) {
      return [`${where(node)}: BrowserWindow options must be an object literal`];
    }
    const preferences = property(options, 'webPreferences').value;
    if (!preferences || !ts.isObjectLiteralExpression(preferences)) {
      return [`${where(node)}: webPreferences must be written out as an object literal`];
    }
    const found: string[] = [];
    if (hasSpread(preferences)) found.push(`${where(preferences)}: webPreferences must not spread other options in`);
    for (const [name, value] of Object.entries(REQUIRED_WEB_PREFERENCES)) {
      if (!isLiteral(property(preferences, name).value, value)) {
        found.push(`${where(preferences)}: webPreferences.${name} must be ${value}`);
      }
    }
    for (const name of DECIDED_WEB_PREFERENCES) {
      const { present, value } = property(preferences, name);
      if (!present || isLiteral(value, true)) {
        found.push(`${where(preferences)}: webPreferences.${name} must be set, and false in packaged builds`);
      }
    }
    for (const name of FORBIDDEN_WEB_PREFERENCES) {
      if (property(preferences, name).present)
        found.push(`${where(preferences)}: webPreferences.${name} is not allowed`);
    }
    if (!property(preferences, 'preload').present)
      found.push(`${where(preferences)}: webPreferences.preload is missing`);
    return found;
  });
  return { windows: constructions.length, problems };
}

/** `setWindowOpenHandler` is set, and every way out of it returns `{ action: 'deny' }`. */
export function checkWindowOpenDenied(source: SourceText): string[] {
  const calls = methodCalls(parse(source), 'setWindowOpenHandler');
  if (calls.length === 0) return [`${source.path}: no setWindowOpenHandler`];
  return calls.flatMap(({ call }) => {
    const handler = resolveFunction(call.arguments[0]);
    if (!handler) return [`${where(call)}: the window-open handler must be a function written in this file`];
    const results = returnedExpressions(handler);
    const denies = (result: ts.Expression | undefined): boolean =>
      result !== undefined &&
      ts.isObjectLiteralExpression(result) &&
      isLiteral(property(result, 'action').value, 'deny') &&
      !hasSpread(result);
    return results.length > 0 && results.every(denies)
      ? []
      : [`${where(call)}: the window-open handler must always return { action: 'deny' }`];
  });
}

/** A handler whose body calls `<its first parameter>.preventDefault()`. */
function preventsDefault(fn: ts.Node | undefined): boolean {
  if (!fn || !isFunctionNode(fn)) return false;
  const event = parameterName(fn, 0);
  return event !== undefined && methodCalls(fn, 'preventDefault').some(({ receiver }) => receiver === event);
}

/** `will-navigate` and `will-redirect` both have handlers that call `event.preventDefault()`. */
export function checkNavigationBlocked(source: SourceText): string[] {
  const file = parse(source);
  const handlers = new Map<string, ts.CallExpression[]>();
  for (const { call } of methodCalls(file, 'on')) {
    const [event] = call.arguments;
    if (event && ts.isStringLiteralLike(event)) handlers.set(event.text, [...(handlers.get(event.text) ?? []), call]);
  }
  return ['will-navigate', 'will-redirect'].flatMap((event) => {
    const calls = handlers.get(event) ?? [];
    if (calls.length === 0) return [`${source.path}: no ${event} handler`];
    return calls
      .filter((call) => !preventsDefault(resolveFunction(call.arguments[1])))
      .map((call) => `${where(call)}: the ${event} handler never calls event.preventDefault()`);
  });
}

/** Permission requests are answered `false` and permission checks return `false`, always. */
export function checkPermissionsDenied(source: SourceText): string[] {
  const file = parse(source);
  const problems: string[] = [];
  const requests = methodCalls(file, 'setPermissionRequestHandler');
  if (requests.length === 0) problems.push(`${source.path}: no setPermissionRequestHandler`);
  for (const { call } of requests) {
    const handler = resolveFunction(call.arguments[0]);
    const callback = handler && parameterName(handler, 2);
    const answers = handler && callback ? functionCalls(handler, callback) : [];
    if (answers.length === 0 || !answers.every((answer) => isLiteral(answer.arguments[0], false))) {
      problems.push(`${where(call)}: the permission request handler must answer callback(false), always`);
    }
  }
  const checks = methodCalls(file, 'setPermissionCheckHandler');
  if (checks.length === 0) problems.push(`${source.path}: no setPermissionCheckHandler`);
  for (const { call } of checks) {
    const handler = resolveFunction(call.arguments[0]);
    const results = handler ? returnedExpressions(handler) : [];
    if (results.length === 0 || !results.every((result) => isLiteral(result, false))) {
      problems.push(`${where(call)}: the permission check handler must return false, always`);
    }
  }
  return problems;
}

/** The renderer is served by `protocol.handle`, and nothing in main loads a file: URL or uses loadFile. */
export function checkServedByProtocol(sources: readonly SourceText[]): string[] {
  const problems: string[] = [];
  let handled = false;
  for (const source of sources) {
    const file = parse(source);
    if (methodCalls(file, 'handle').some(({ receiver }) => receiver === 'protocol')) handled = true;
    for (const { call } of methodCalls(file, 'loadFile')) problems.push(`${where(call)}: loadFile loads file:// pages`);
    for (const node of descendants(file)) {
      const text = ts.isStringLiteralLike(node) ? node.text : ts.isTemplateHead(node) ? node.text : undefined;
      if (text?.trim().toLowerCase().startsWith('file:')) problems.push(`${where(node)}: a file: URL in main`);
    }
  }
  if (!handled) problems.push('no protocol.handle: the renderer must be served from app://');
  return problems;
}

const IPC_MAIN_METHODS = ['handle', 'handleOnce', 'on', 'once', 'addListener'];

/**
 * Every ipcMain registration is in src/main/ipc.ts and hands the call to the dispatch wrapper;
 * nothing listens for fire-and-forget messages (`ipcMain.on`), which the wrapper would not see.
 */
export function checkIpcThroughDispatch(sources: readonly SourceText[], ipcFile = 'src/main/ipc.ts'): string[] {
  const problems: string[] = [];
  for (const source of sources) {
    const file = parse(source);
    for (const method of IPC_MAIN_METHODS) {
      for (const { call, receiver } of methodCalls(file, method)) {
        if (receiver !== 'ipcMain') continue;
        if (source.path !== ipcFile) {
          problems.push(`${where(call)}: ipcMain.${method} outside ${ipcFile}`);
          continue;
        }
        if (method !== 'handle') {
          problems.push(`${where(call)}: ipcMain.${method}: only ipcMain.handle goes through the wrapper`);
          continue;
        }
        const handler = resolveFunction(call.arguments[1]);
        const delegates = handler ? returnedExpressions(handler) : [];
        const viaDispatch = (result: ts.Expression | undefined): boolean =>
          result !== undefined && ts.isCallExpression(result) && nameOf(unwrap(result.expression)) === 'dispatch';
        if (delegates.length === 0 || !delegates.every(viaDispatch)) {
          problems.push(`${where(call)}: ipcMain.handle must return dispatch(channel, input, sender)`);
        }
      }
    }
  }
  return problems;
}

/**
 * The preload exposes one thing, `api`, through contextBridge; `ipcRenderer` is only ever called
 * inside a function (`ipcRenderer.invoke(…)`), never handed over as a value.
 */
export function checkPreloadExposure(source: SourceText): string[] {
  const file = parse(source);
  const problems: string[] = [];
  const exposures = methodCalls(file, 'exposeInMainWorld');
  if (exposures.length !== 1) problems.push(`${source.path}: exposeInMainWorld must be called exactly once`);
  for (const { call } of exposures) {
    if (!isLiteral(call.arguments[0], 'api')) problems.push(`${where(call)}: the preload exposes only "api"`);
  }
  for (const node of descendants(file)) {
    if (!ts.isIdentifier(node) || node.text !== 'ipcRenderer') continue;
    const parent = node.parent;
    if (ts.isImportSpecifier(parent)) continue;
    const access = ts.isPropertyAccessExpression(parent) && parent.expression === node ? parent : undefined;
    const called = access && ts.isCallExpression(access.parent) && access.parent.expression === access;
    if (!called || !enclosingFunction(node)) {
      problems.push(`${where(node)}: ipcRenderer must not be passed around, only called inside a function`);
    }
  }
  for (const { module } of importedModules(file)) {
    if (module === 'electron' || module.startsWith('electron/')) continue;
    if (module.startsWith('.') && module.includes('/shared/')) continue;
    problems.push(`${source.path}: the preload imports ${module}; only electron and src/shared are allowed`);
  }
  return problems;
}

/** Where `electron` may be imported (DESIGN.md's layer rules). */
export function mayImportElectron(path: string): boolean {
  return (
    path === 'src/main/index.ts' ||
    path === 'src/main/ipc.ts' ||
    path.startsWith('src/main/electron/') ||
    path.startsWith('src/preload/')
  );
}

/** No file outside the allowed folders imports electron (or electron-store, which imports it). */
export function checkElectronImports(sources: readonly SourceText[]): string[] {
  return sources.flatMap((source) => {
    if (mayImportElectron(source.path)) return [];
    return importedModules(parse(source))
      .filter(({ module }) => module === 'electron' || module.startsWith('electron/') || module === 'electron-store')
      .map(
        ({ module, node }) =>
          `${where(node)}: imports ${module} outside src/main/electron, index.ts, ipc.ts and the preload`,
      );
  });
}

/**
 * `shell.openExternal` is called in one file only, inside a function that first refuses a URL
 * `isSafeExternalUrl` does not accept.
 */
export function checkOpenExternal(
  sources: readonly SourceText[],
  helperFile = 'src/main/electron/open-external.ts',
): string[] {
  const problems: string[] = [];
  let found = false;
  for (const source of sources) {
    const file = parse(source);
    for (const { call } of methodCalls(file, 'openExternal')) {
      if (source.path !== helperFile) {
        problems.push(`${where(call)}: .openExternal outside ${helperFile}; use its openExternal helper`);
        continue;
      }
      found = true;
      const fn = enclosingFunction(call);
      const url = call.arguments[0] && unwrap(call.arguments[0]);
      const guard =
        fn &&
        url &&
        descendants(fn).some(
          (node) =>
            ts.isIfStatement(node) &&
            node.end <= call.getStart() &&
            ts.isPrefixUnaryExpression(unwrap(node.expression)) &&
            functionCalls(node.expression, 'isSafeExternalUrl').some(
              (check) => check.arguments[0]?.getText() === url.getText(),
            ) &&
            descendants(node.thenStatement).some((inner) => ts.isThrowStatement(inner) || ts.isReturnStatement(inner)),
        );
      if (!guard) problems.push(`${where(call)}: openExternal must be guarded by if (!isSafeExternalUrl(url)) throw`);
    }
  }
  if (!found) problems.push(`no shell.openExternal in ${helperFile}`);
  return problems;
}

/**
 * Start-up order in src/main/index.ts: one instance only (requestSingleInstanceLock, and a
 * second-instance handler), and nothing that asks safeStorage or opens the stores before
 * `await app.whenReady()`: safeStorage answers "no keychain" before the app is ready, and the vault
 * would then ask for a passphrase it does not need.
 */
export function checkStartupOrder(
  index: SourceText,
  afterReady: readonly string[] = ['createCore', 'openStores', 'electronKeychain', 'safeStorage'],
): string[] {
  const file = parse(index);
  const problems: string[] = [];
  if (methodCalls(file, 'requestSingleInstanceLock').length === 0)
    problems.push(`${index.path}: no single-instance lock`);
  const secondInstance = methodCalls(file, 'on').some(({ call }) => isLiteral(call.arguments[0], 'second-instance'));
  if (!secondInstance) problems.push(`${index.path}: no second-instance handler to focus the first window`);
  const ready = descendants(file).find(
    (node) =>
      ts.isAwaitExpression(node) &&
      ts.isCallExpression(node.expression) &&
      nameOf(node.expression.expression) === 'whenReady',
  );
  if (!ready) return [...problems, `${index.path}: no await app.whenReady()`];
  const readyFunction = enclosingFunction(ready);
  for (const node of descendants(file)) {
    if (!ts.isIdentifier(node) || !afterReady.includes(node.text)) continue;
    if (ts.isImportSpecifier(node.parent) || ts.isImportClause(node.parent)) continue;
    if (enclosingFunction(node) !== readyFunction || node.getStart() < ready.end) {
      problems.push(`${where(node)}: ${node.text} is used before await app.whenReady()`);
    }
  }
  return problems;
}

/** A module that reads safeStorage at load time would ask it before the app is ready. */
export function checkSafeStorageInsideFunctions(source: SourceText): string[] {
  return descendants(parse(source))
    .filter((node) => ts.isIdentifier(node) && node.text === 'safeStorage')
    .filter((node) => !ts.isImportSpecifier(node.parent) && !enclosingFunction(node))
    .map((node) => `${where(node)}: safeStorage used at module load, before the app is ready`);
}

/**
 * `ELECTRON_RENDERER_URL` (electron-vite's dev server) is read in one file only, the one that
 * ignores it in the packaged app: read anywhere else, whoever can set an environment variable for
 * the app could load their own page with the preload and have it trusted as the IPC origin.
 */
export function checkDevServerUrlGated(
  sources: readonly SourceText[],
  deciderFile = 'src/main/core/window/renderer-source.ts',
): string[] {
  const problems: string[] = [];
  let found = false;
  for (const source of sources) {
    for (const node of descendants(parse(source))) {
      const named = ts.isIdentifier(node) || ts.isStringLiteralLike(node) ? node.text : undefined;
      if (named !== 'ELECTRON_RENDERER_URL') continue;
      if (source.path === deciderFile) found = true;
      else problems.push(`${where(node)}: ELECTRON_RENDERER_URL read outside ${deciderFile}`);
    }
  }
  if (!found) problems.push(`${deciderFile} does not decide about ELECTRON_RENDERER_URL`);
  return problems;
}
