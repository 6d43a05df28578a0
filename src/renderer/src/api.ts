import type { Api } from '../../shared/contract.ts';

declare global {
  interface Window {
    /** Exposed by the preload script (or the test transport): one function per contract channel. */
    readonly api: Api;
  }
}

/** The bridge to main. Only slice actions call it; components go through the store. */
export function api(): Api {
  return window.api;
}
