import diagnostics from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/** How long opening a connection took: TCP connect, then the TLS handshake when there is one. */
export interface ConnectionTiming {
  connectMs?: number;
  tlsMs?: number;
}

interface SocketRecord extends ConnectionTiming {
  /** A kept-alive connection is timed once, for the first request that used it. */
  claimed: boolean;
}

interface Exchange {
  /** Stops attributing undici's requests to this exchange: call right after `request()` returns. */
  end(): void;
  /** The timing of the connection this exchange opened, or undefined when it reused one. */
  connection(): ConnectionTiming | undefined;
}

interface ExchangeState {
  connection?: ConnectionTiming;
}

/**
 * Links undici's connections to our requests, to time connect and TLS per request. undici creates
 * its request object synchronously inside `request()`, so the exchange that is current at that
 * moment is the caller; the diagnostics channel then says which socket sent its headers.
 * @see https://undici.nodejs.org/#/docs/api/DiagnosticsChannel
 */
export class ConnectionTimings {
  #current: ExchangeState | undefined;
  readonly #byRequest = new WeakMap<object, ExchangeState>();
  readonly #bySocket = new WeakMap<object, SocketRecord>();

  constructor() {
    diagnostics.subscribe('undici:request:create', (message) => {
      const { request } = message as { request: object };
      if (this.#current) this.#byRequest.set(request, this.#current);
    });
    diagnostics.subscribe('undici:client:sendHeaders', (message) => {
      const { request, socket } = message as { request: object; socket: object };
      const exchange = this.#byRequest.get(request);
      const record = this.#bySocket.get(socket);
      if (exchange && record && !record.claimed) {
        record.claimed = true;
        exchange.connection = {
          ...(record.connectMs !== undefined ? { connectMs: record.connectMs } : {}),
          ...(record.tlsMs !== undefined ? { tlsMs: record.tlsMs } : {}),
        };
      }
    });
  }

  begin(): Exchange {
    const state: ExchangeState = {};
    this.#current = state;
    return {
      end: () => {
        if (this.#current === state) this.#current = undefined;
      },
      connection: () => state.connection,
    };
  }

  recordSocket(socket: Socket, timing: ConnectionTiming): void {
    this.#bySocket.set(socket, { ...timing, claimed: false });
  }
}

/** undici's own connector, timed: TCP connect until 'connect', TLS until the handshake is done. */
export function timedConnector(
  timings: ConnectionTimings,
  options: buildConnector.BuildOptions,
): buildConnector.connector {
  const connect = buildConnector(options);
  return (connectOptions, callback) => {
    const started = performance.now();
    let connectedAt: number | undefined;
    // undici's connectors return the socket, though the type says void.
    const socket = connect(connectOptions, (error, connected) => {
      if (connected) {
        const ready = performance.now();
        const tcp = (connectedAt ?? ready) - started;
        timings.recordSocket(
          connected,
          connectOptions.protocol === 'https:'
            ? { connectMs: tcp, tlsMs: ready - (connectedAt ?? ready) }
            : { connectMs: tcp },
        );
      }
      if (error) callback(error, null);
      else callback(null, connected);
    });
    (socket as unknown as Socket | undefined)?.once('connect', () => {
      connectedAt = performance.now();
    });
    return socket;
  };
}
