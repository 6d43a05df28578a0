import { AppError, type AppErrorData, type Result } from '../../../shared/domain/errors.ts';
import { contract, isChannel, type Channel, type ChannelInput, type ChannelOutput } from '../../../shared/contract.ts';

export type Handlers = {
  [C in Channel]: (input: ChannelInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
};

/** Who made a call, as Electron's `event.senderFrame` describes it. */
export interface Sender {
  url: string;
  /** True when the frame is the window's top-level frame, not an iframe. */
  isMainFrame: boolean;
  /** True when the frame belongs to one of the app's own windows. */
  isAppWindow: boolean;
}

/** Keys that would reach an object's prototype when a payload is copied or merged. */
const POISONED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function hasPoisonedKey(value: unknown, depth = 0): boolean {
  if (depth > 32 || typeof value !== 'object' || value === null) return false;
  return Object.keys(value).some(
    (key) => POISONED_KEYS.has(key) || hasPoisonedKey((value as Record<string, unknown>)[key], depth + 1),
  );
}

/**
 * scheme://host[:port] of a URL. WHATWG `URL.origin` is "null" for schemes it does not know, such
 * as our app://, so the origin is spelled out.
 */
export function originOf(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    return url.host === '' ? undefined : `${url.protocol}//${url.host}`;
  } catch {
    return undefined;
  }
}

export function isTrustedSender(sender: Sender, appOrigin: string): boolean {
  return sender.isMainFrame && sender.isAppWindow && originOf(sender.url) === appOrigin;
}

export type Dispatch = (channel: string, input: unknown, sender: Sender) => Promise<Result<unknown>>;

/**
 * The one wrapper every renderer call goes through, whether it comes from ipcMain or from the
 * test transport: check the sender, validate the input against the contract, run the handler,
 * and turn any failure into an error value without a stack trace.
 */
export function createDispatch(options: {
  handlers: Handlers;
  appOrigin: string;
  onUnexpectedError?: (channel: string, error: unknown) => void;
}): Dispatch {
  return async (channel, input, sender) => {
    const fail = (error: AppErrorData): Result<unknown> => ({ ok: false, error });
    if (!isChannel(channel)) {
      return fail({ code: 'UNKNOWN_CHANNEL', message: `There is no call named "${channel.slice(0, 100)}".` });
    }
    if (!isTrustedSender(sender, options.appOrigin)) {
      return fail({ code: 'FORBIDDEN_SENDER', message: 'Calls are only accepted from the app’s own window.' });
    }
    if (hasPoisonedKey(input)) {
      return fail({
        code: 'INVALID_INPUT',
        message: `The input of ${channel} has a forbidden key (__proto__, constructor or prototype).`,
      });
    }
    const parsed = contract[channel].input.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      return fail({
        code: 'INVALID_INPUT',
        message: `The input of ${channel} is invalid${where}: ${issue?.message ?? 'unknown problem'}.`,
      });
    }
    try {
      const handler = options.handlers[channel] as (value: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof AppError) return fail(error.toData());
      options.onUnexpectedError?.(channel, error);
      return fail({
        code: 'INTERNAL',
        message: `${channel} failed unexpectedly.`,
        hint: 'Try again; the log has the details.',
      });
    }
  };
}
