import type { Api, Channel, ChannelInput, ChannelOutput } from '../../../../src/shared/contract.ts';
import type { AppErrorData, Result } from '../../../../src/shared/domain/errors.ts';

/** What the fake main answers, per channel; a channel without an answer is a call the test did not expect. */
export type Answers = { [C in Channel]?: (input: ChannelInput<C>) => Result<ChannelOutput<C>> };

export interface FakeApi {
  api: Api;
  /** Every call the store made, in order. */
  calls: { channel: Channel; input: unknown }[];
}

/**
 * A `window.api` with the contract's shape, answering from `answers` (or from `otherwise`, for every
 * channel left out). Events are never pushed: the slices' listeners are not what these tests look at.
 */
export function fakeApi(answers: Answers, otherwise?: (channel: Channel) => Result<never>): FakeApi {
  const calls: FakeApi['calls'] = [];
  const api = new Proxy(
    {},
    {
      get: (_target, key) => {
        if (key === 'on') return () => () => undefined;
        const channel = String(key) as Channel;
        return (input: unknown): Promise<Result<unknown>> => {
          calls.push({ channel, input });
          const answer = answers[channel] as ((input: unknown) => Result<unknown>) | undefined;
          if (answer) return Promise.resolve(answer(input));
          if (otherwise) return Promise.resolve(otherwise(channel));
          return Promise.reject(new Error(`The store called ${channel}, which this test did not expect.`));
        };
      },
    },
  ) as Api;
  return { api, calls };
}

/** Puts `api` where the renderer finds it (`window.api`, as the preload script does). */
export function installApi(api: Api): void {
  Object.defineProperty(globalThis, 'window', { value: { api }, configurable: true, writable: true });
}

export function failure(error: AppErrorData): Result<never> {
  return { ok: false, error };
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}
