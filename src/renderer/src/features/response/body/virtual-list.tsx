import {
  type CSSProperties,
  type FocusEvent,
  type Key,
  type ReactNode,
  type UIEvent,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';

/**
 * Browsers stop growing an element somewhere between 17 M px (Firefox) and 33 M px (Chromium). Beyond
 * this height the scrollbar is scaled: one pixel of scrolling moves more than one pixel of rows.
 */
const MAX_SCROLL_HEIGHT = 15_000_000;
/** Room for a horizontal scrollbar, so a short list does not get a vertical one because of it. */
const SCROLLBAR_ALLOWANCE = 16;
/**
 * The most rows ever mounted. If the view is not height-capped (say its stylesheet failed to load) it
 * grows as tall as all rows, and mounting a million of them would hang the window; blank is better.
 */
const MAX_MOUNTED_ROWS = 500;

export interface VirtualListProps {
  rowCount: number;
  /** Fixed height of every row in CSS pixels; the stylesheet gets it as --vl-row-height. */
  rowHeight: number;
  /** Names the scrollable region for screen readers, e.g. "Response body". */
  label: string;
  /** Renders the content of one row; the list wraps it in the positioned row element. */
  renderRow: (row: number) => ReactNode;
  /** A stable key per row, so a row keeps its DOM (and its focused button) while rows around it change. */
  rowKey?: (row: number) => Key;
  /**
   * The width of the widest row as a CSS length. Only the rows on screen are in the DOM, so without
   * it the horizontal scroll range would change as rows come and go.
   */
  contentWidth?: string;
  /** Rows rendered above and below the viewport, so fast scrolling does not show blank space. */
  overscan?: number;
  className?: string;
}

interface Viewport {
  /** scrollTop, snapped to whole rows when the scrollbar is not scaled, so React renders once per row. */
  top: number;
  height: number;
}

/**
 * A fixed-row-height virtualized code view: a focusable scroll container (so the keyboard scrolls it),
 * a spacer as tall as all rows, and one block holding only the rows near the viewport, moved with
 * translateY (a compositor-only change, no layout of the rows around it).
 */
export function VirtualList({
  rowCount,
  rowHeight,
  label,
  renderRow,
  rowKey,
  contentWidth,
  overscan = 10,
  className,
}: VirtualListProps) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const focusedRef = useRef<Element | null>(null);
  const [viewport, setViewport] = useState<Viewport>({ top: 0, height: 0 });

  const totalHeight = rowCount * rowHeight;
  const scaled = totalHeight > MAX_SCROLL_HEIGHT;
  const spacerHeight = scaled ? MAX_SCROLL_HEIGHT : totalHeight;

  const snap = useCallback(
    (top: number): number => (scaled ? top : Math.floor(top / rowHeight) * rowHeight),
    [scaled, rowHeight],
  );

  const onScroll = useCallback(
    (event: UIEvent<HTMLDivElement>) => {
      const top = snap(event.currentTarget.scrollTop);
      setViewport((current) => (current.top === top ? current : { ...current, top }));
    },
    [snap],
  );

  // Track the viewport height; a ResizeObserver reports it without a forced layout on every scroll.
  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const update = (height: number) =>
      setViewport((current) => (current.height === height ? current : { ...current, height }));
    update(scroller.clientHeight);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) update(entry.contentRect.height);
    });
    observer.observe(scroller);
    return () => observer.disconnect();
  }, []);

  // When rows are removed (a fold, new content) the browser clamps scrollTop, sometimes without a scroll event.
  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const top = snap(scroller.scrollTop);
    setViewport((current) => (current.top === top ? current : { ...current, top }));
  }, [spacerHeight, snap]);

  // Map the scroll position to a row position; with a scaled scrollbar the ratio is above one.
  const maxScroll = Math.max(0, spacerHeight - viewport.height);
  const virtualTop =
    scaled && maxScroll > 0 ? (viewport.top / maxScroll) * (totalHeight - viewport.height) : viewport.top;
  const first = Math.max(0, Math.floor(virtualTop / rowHeight) - overscan);
  const last = Math.min(
    rowCount,
    Math.ceil((virtualTop + viewport.height) / rowHeight) + overscan + 1,
    first + MAX_MOUNTED_ROWS,
  );
  // Where row `first` sits in the spacer's coordinates: its virtual position shifted by the scaling.
  const blockTop = viewport.top + first * rowHeight - virtualTop;

  // A focused button in a row that scrolls out of the window unmounts, and focus would fall to <body>;
  // keep it in the list instead, so the keyboard goes on scrolling.
  useLayoutEffect(() => {
    const focused = focusedRef.current;
    if (!focused || focused.isConnected) return;
    focusedRef.current = null;
    const active = document.activeElement;
    if (active === null || active === document.body) scrollerRef.current?.focus({ preventScroll: true });
  });

  const onFocus = useCallback((event: FocusEvent<HTMLElement>) => {
    focusedRef.current = event.target;
  }, []);

  const onBlur = useCallback((event: FocusEvent<HTMLElement>) => {
    const target = event.target;
    // Focus moved elsewhere (not: the element was unmounted), so there is nothing to rescue.
    queueMicrotask(() => {
      if (target.isConnected && focusedRef.current === target) focusedRef.current = null;
    });
  }, []);

  const rows: ReactNode[] = [];
  for (let row = first; row < last; row++) {
    rows.push(
      <span key={rowKey ? rowKey(row) : row} className="vl-row">
        {renderRow(row)}
      </span>,
    );
  }

  // As tall as the rows (a three-line body stays small), up to --body-max-height. The cap lives here,
  // not in body.css, so it holds even when the stylesheet does not load (an uncapped list is as tall
  // as all its rows and would show blank beyond MAX_MOUNTED_ROWS).
  const scrollerStyle = {
    '--vl-row-height': `${rowHeight}px`,
    height: spacerHeight + SCROLLBAR_ALLOWANCE,
    maxHeight: 'var(--body-max-height, min(70vh, 800px))',
  } as CSSProperties;
  return (
    <div
      ref={scrollerRef}
      className={className ? `vl-scroller ${className}` : 'vl-scroller'}
      style={scrollerStyle}
      role="region"
      aria-label={label}
      // Focusable so arrow keys, Page Up/Down, Home and End scroll it like any code view.
      tabIndex={0}
      onScroll={onScroll}
    >
      <div className="vl-spacer" style={{ height: spacerHeight, minWidth: contentWidth }}>
        <pre className="vl-rows" style={{ transform: `translateY(${blockTop}px)` }} onFocus={onFocus} onBlur={onBlur}>
          {rows}
        </pre>
      </div>
    </div>
  );
}
