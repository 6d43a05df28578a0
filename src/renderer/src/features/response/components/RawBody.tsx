import { memo, useMemo, useState } from 'react';
import { formatBytes } from '../format.ts';
import {
  previewCut,
  rawLineLength,
  rawLineSlice,
  splitRawLines,
  type RawLines,
  utf8Length,
} from '../body/raw-lines.ts';
import { NumberedLines } from '../body/numbered-lines.tsx';
import { layoutRows, rowAt } from '../body/wrap-rows.ts';
import '../body/body.css';

/** Above this many characters only a preview is rendered until the user asks for all. */
const PREVIEW_CHARS = 256 * 1024;
/** Up to this many characters the text is a plain <pre> that soft-wraps, which reads best when short. */
const SOFT_WRAP_CHARS = 16 * 1024;
/** Longer lines wrap onto extra rows (rows have a fixed height, so they cannot soft-wrap). */
const WRAP_COLUMNS = 1000;

/** One row; memoized because the list re-renders on every row-sized scroll step. */
const RawRow = memo(function RawRow({ lines, line, segment }: { lines: RawLines; line: number; segment: number }) {
  const from = segment * WRAP_COLUMNS;
  return (
    <>
      <span className="body-gutter">
        <span className="body-line-number" aria-hidden="true">
          {segment === 0 ? line + 1 : '↪'}
        </span>
      </span>
      <span className="body-code">{rawLineSlice(lines, line, from, from + WRAP_COLUMNS)}</span>
    </>
  );
});

function RawLinesView({ text, label }: { text: string; label: string }) {
  const lines = useMemo(() => splitRawLines(text), [text]);
  const layout = useMemo(() => layoutRows(lines.count, (line) => rawLineLength(lines, line), WRAP_COLUMNS), [lines]);
  const renderRow = (row: number) => {
    const { item, segment } = rowAt(layout, row);
    return <RawRow lines={lines} line={item} segment={segment} />;
  };
  return (
    // Gutter: the line number and a space.
    <NumberedLines
      className="raw-lines"
      label={label}
      lineCount={lines.count}
      layout={layout}
      gutterColumns={2}
      renderRow={renderRow}
    />
  );
}

/**
 * A body shown as text. Short bodies are a plain, soft-wrapped <pre>. Longer ones are virtualized by
 * lines: laying out 256 KB in one <pre> took 200-700 ms in our measurements, while the list lays
 * out only the rows on screen. Bodies over
 * 256 KB show their first 256 KB until the user asks for all of it.
 */
export function RawBody({ text, label }: { text: string; label: string }) {
  // Which text "Show all" was pressed for: a new body starts as a preview again.
  const [expandedFor, setExpandedFor] = useState<string | null>(null);
  const large = text.length > PREVIEW_CHARS;
  const preview = useMemo(() => (large ? previewCut(text, PREVIEW_CHARS) : text), [text, large]);
  const size = useMemo(() => (large ? utf8Length(text) : 0), [text, large]);

  if (text.length <= SOFT_WRAP_CHARS) {
    return (
      <pre className="code body-raw" role="region" aria-label={label} tabIndex={0}>
        {text || '(empty body)'}
      </pre>
    );
  }
  const all = expandedFor === text;
  return (
    <div className="raw-body">
      {large ? (
        <p className="body-toolbar">
          <span className="body-meta">
            {all ? `All ${formatBytes(size)}` : `The first ${formatBytes(PREVIEW_CHARS)} of ${formatBytes(size)}`}
          </span>
          {/* One button that toggles, so focus stays put when the view changes under it. */}
          <button type="button" onClick={() => setExpandedFor(all ? null : text)}>
            {all ? `Show the first ${formatBytes(PREVIEW_CHARS)} only` : `Show all (${formatBytes(size)})`}
          </button>
        </p>
      ) : null}
      <RawLinesView text={all ? text : preview} label={label} />
    </div>
  );
}
