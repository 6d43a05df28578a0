import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

/**
 * What the pages measure themselves, installed before any of their scripts run. It is a string,
 * not a function: the page runs it, and this project's Node types have no DOM.
 *
 * Times are `performance.now()`: milliseconds since the navigation started. "Painted" is the end of
 * the first frame after a change: a requestAnimationFrame callback runs just before the frame is
 * rendered, and a message posted from it is handled right after.
 */
function probeScript(startSelector: string | undefined): string {
  return `(() => {
  const afterPaint = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      }),
    );
  /** Resolves once the selector matches, with when it did and when that was painted. */
  const whenPresent = (selector) =>
    new Promise((resolve) => {
      let done = false;
      const check = () => {
        if (done || !document.querySelector(selector)) return;
        done = true;
        observer.disconnect();
        const inDom = performance.now();
        afterPaint().then((painted) => resolve({ inDom, painted }));
      };
      const observer = new MutationObserver(check);
      observer.observe(document, { childList: true, subtree: true, attributes: true });
      check();
    });
  const longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const bench = {
    afterPaint,
    whenPresent,
    longTasks,
    start: ${startSelector === undefined ? 'undefined' : `whenPresent(${JSON.stringify(startSelector)})`},
    /** The next click on an element matching \`button\`, until \`result\` matches and is painted. */
    armClick(button, result) {
      bench.click = new Promise((resolve) => {
        const onClick = (event) => {
          if (!event.target.closest(button)) return;
          document.removeEventListener('click', onClick, true);
          const clickAt = event.timeStamp;
          whenPresent(result).then((times) => resolve({ clickAt, ...times }));
        };
        document.addEventListener('click', onClick, true);
      });
    },
    /**
     * The next keystroke in an input: from the key event until the page's own input handlers ran and
     * the layout they changed was computed (the main thread's work), and until it was painted.
     */
    armKey() {
      bench.key = new Promise((resolve) => {
        let downAt;
        const onDown = (event) => {
          downAt = event.timeStamp;
        };
        const onInput = () => {
          window.removeEventListener('keydown', onDown, true);
          window.removeEventListener('input', onInput);
          // Reading a layout property makes the browser compute style and layout now.
          void document.body.getBoundingClientRect().height;
          const laidOut = performance.now();
          afterPaint().then((painted) => resolve({ work: laidOut - downAt, toPaint: painted - downAt }));
        };
        window.addEventListener('keydown', onDown, true);
        // Bubble phase on window: after the page's own handlers (React listens on its root element).
        window.addEventListener('input', onInput);
      });
    },
    /** Scrolls an element by \`step\` pixels a frame for \`count\` frames; the frames' intervals. */
    scroll(selector, count, step) {
      const element = document.querySelector(selector);
      return new Promise((resolve) => {
        const times = [];
        const frame = (now) => {
          times.push(now);
          if (times.length > count) {
            resolve({ from: times[0], to: now, intervals: times.slice(1).map((time, index) => time - times[index]) });
            return;
          }
          element.scrollTop += step;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    },
  };
  window.__bench = bench;
})();`;
}

export const VIEWPORT = { width: 1280, height: 820 };

/** A fresh context (an empty cache: a cold load) with the probe, and the app's bridge when given. */
export async function newProbedPage(
  browser: Browser,
  options: { bridgeScript?: string; startSelector?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  if (options.bridgeScript) await context.addInitScript(options.bridgeScript);
  await context.addInitScript(probeScript(options.startSelector));
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`  page error: ${error.message}\n`));
  return { context, page };
}

export interface Presence {
  inDom: number;
  painted: number;
}

/** What a probe waits for shows within seconds; after this long the page is broken and the run stops. */
const PROBE_TIMEOUT_MS = 60_000;

/** Evaluates an expression of the probe in the page (a string: see probeScript). */
export async function probe<T>(page: Page, expression: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${page.url()} did not answer ${expression} within ${PROBE_TIMEOUT_MS / 1000} s`)),
      PROBE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([page.evaluate<T>(`(async () => ${expression})()`), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The renderer's JavaScript memory, in MB. */
export interface JsMemory {
  /** The JS heap, as the issue asks for it. */
  heapMB: number;
  /**
   * The heap plus the backing stores of array buffers and external strings, which live outside it (a
   * viewer's typed arrays, text read from a response) and would otherwise not be counted. Allocated,
   * not necessarily resident: the untouched part of a buffer may never be given memory.
   */
  withBuffersMB: number;
}

/** The renderer's JavaScript memory after two full garbage collections. */
export async function memoryAfterGc(page: Page): Promise<JsMemory> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  await cdp.detach();
  return {
    heapMB: usage.usedSize / 2 ** 20,
    withBuffersMB: (usage.usedSize + (usage.backingStorageSize ?? 0)) / 2 ** 20,
  };
}

/** The longest task of the page's main thread while `run` ran: wall-clock time, and the thread's CPU time. */
export interface TaskTimes {
  wallMs: number;
  cpuMs: number;
}

/**
 * Traces the page's main thread while `run` runs. A long task's wall-clock time is what a user waits,
 * but on a busy machine it also counts the time the thread waited for a core; its CPU time is the
 * page's own work. Chromium records both for every task.
 */
export async function tracingTasks<T>(page: Page, run: () => Promise<T>): Promise<{ result: T; longest: TaskTimes }> {
  const browser = page.context().browser();
  if (!browser) throw new Error('the page has no browser to trace');
  await browser.startTracing(page, { categories: ['toplevel'] });
  const result = await run();
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
    traceEvents: {
      name: string;
      ph: string;
      pid: number;
      tid: number;
      dur?: number;
      tdur?: number;
      args?: { name?: string };
    }[];
  };
  const mainThreads = new Set(
    traceEvents
      .filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain')
      .map((event) => `${event.pid}:${event.tid}`),
  );
  const tasks = traceEvents.filter(
    (event) =>
      event.ph === 'X' &&
      event.name === 'ThreadControllerImpl::RunTask' &&
      mainThreads.has(`${event.pid}:${event.tid}`),
  );
  return {
    result,
    longest: {
      wallMs: Math.max(0, ...tasks.map((task) => (task.dur ?? 0) / 1000)),
      cpuMs: Math.max(0, ...tasks.map((task) => (task.tdur ?? 0) / 1000)),
    },
  };
}
