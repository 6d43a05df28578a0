import { memo, useCallback, useMemo, useState } from 'react';
import {
  buildJsonLines,
  foldStarts,
  isFoldStart,
  type JsonLines,
  lineLength,
  lineTokens,
  type Token,
  visibleLines,
} from '../body/json-lines.ts';
import { NumberedLines } from '../body/numbered-lines.tsx';
import { layoutRows, type RowLayout, rowAt, sliceTokens } from '../body/wrap-rows.ts';
import { RawBody } from './RawBody.tsx';
import '../body/body.css';

/** Longer lines wrap onto extra rows: one 3 MB value on a single line would be slow to lay out. */
const WRAP_COLUMNS = 1000;
/** Deeper levels are not indented further, so a pathological nesting does not push text off screen. */
const MAX_INDENT_DEPTH = 40;

const EMPTY: ReadonlySet<number> = new Set();

/** The row length as drawn: like lineLength, with the indentation capped. */
function displayLength(lines: JsonLines, line: number, folded: boolean): number {
  const hidden = Math.max(0, lines.depth[line]! - MAX_INDENT_DEPTH) * 2;
  return lineLength(lines, line, folded) - hidden;
}

function TokenSpans({ tokens }: { tokens: readonly Token[] }) {
  return tokens.map((token, index) =>
    token.kind === 'punctuation' ? (
      token.text
    ) : (
      <span key={index} className={`json-${token.kind}`}>
        {token.text}
      </span>
    ),
  );
}

interface JsonRowProps {
  lines: JsonLines;
  line: number;
  segment: number;
  folded: boolean;
  onToggle: (line: number) => void;
}

/** One row; memoized because the list re-renders on every row-sized scroll step. */
const JsonRow = memo(function JsonRow({ lines, line, segment, folded, onToggle }: JsonRowProps) {
  const foldable = segment === 0 && isFoldStart(lines, line);
  const depth = lines.depth[line]!;
  const tokens = lineTokens(lines, line, { folded, indent: false });
  const indent = '  '.repeat(Math.min(depth, MAX_INDENT_DEPTH));
  const all: Token[] = indent ? [{ kind: 'punctuation', text: indent }, ...tokens] : tokens;
  const from = segment * WRAP_COLUMNS;
  const shown =
    from === 0 && displayLength(lines, line, folded) <= WRAP_COLUMNS
      ? all
      : sliceTokens(all, from, from + WRAP_COLUMNS);
  return (
    <>
      <span className="body-gutter">
        <span className="body-line-number" aria-hidden="true">
          {segment === 0 ? line + 1 : '↪'}
        </span>
        {foldable ? (
          <button
            type="button"
            className="json-fold"
            aria-expanded={!folded}
            aria-label={`Fold lines ${line + 1}–${lines.foldEnd[line]! + 1}`}
            onClick={() => onToggle(line)}
          >
            {folded ? '▸' : '▾'}
          </button>
        ) : (
          <span className="json-fold-space" />
        )}
      </span>
      <span className={folded ? 'body-code json-folded' : 'body-code'}>
        <TokenSpans tokens={shown} />
      </span>
    </>
  );
});

/** Which lines show with these blocks folded, and how they lay out as rows. */
function foldedView(lines: JsonLines, collapsed: ReadonlySet<number>): { visible: Int32Array; layout: RowLayout } {
  const visible = visibleLines(lines, collapsed);
  const lengthOf = (item: number) => displayLength(lines, visible[item]!, collapsed.has(visible[item]!));
  return { visible, layout: layoutRows(visible.length, lengthOf, WRAP_COLUMNS) };
}

interface FoldState {
  /** The document the folds belong to: new content starts unfolded. */
  lines: JsonLines;
  collapsed: ReadonlySet<number>;
}

function JsonLinesView({ lines, label }: { lines: JsonLines; label: string }) {
  const [fold, setFold] = useState<FoldState>({ lines, collapsed: EMPTY });
  const collapsed = fold.lines === lines ? fold.collapsed : EMPTY;

  // The unfolded view is kept apart: it is the first one shown and the one "Expand all" returns to,
  // and on a million lines building it is the slow part of a render.
  const unfolded = useMemo(() => foldedView(lines, EMPTY), [lines]);
  const { visible, layout } = useMemo(
    () => (collapsed.size === 0 ? unfolded : foldedView(lines, collapsed)),
    [unfolded, lines, collapsed],
  );

  const onToggle = useCallback(
    (line: number) =>
      setFold((current) => {
        const next = new Set(current.lines === lines ? current.collapsed : EMPTY);
        if (!next.delete(line)) next.add(line);
        return { lines, collapsed: next };
      }),
    [lines],
  );

  // Any block at all means the outermost value is one.
  const foldable = isFoldStart(lines, 0);
  const collapseAll = () => {
    // Keep the outermost block open so its members stay listed; fold everything below it, so
    // opening one member shows its own members folded (one level at a time).
    const inner = foldStarts(lines, { minDepth: 1 });
    setFold({ lines, collapsed: new Set(inner.length > 0 ? inner : [0]) });
  };
  const expandAll = () => setFold({ lines, collapsed: EMPTY });

  const renderRow = (row: number) => {
    const { item, segment } = rowAt(layout, row);
    const line = visible[item]!;
    return <JsonRow lines={lines} line={line} segment={segment} folded={collapsed.has(line)} onToggle={onToggle} />;
  };
  const rowKey = (row: number) => {
    const { item, segment } = rowAt(layout, row);
    return `${visible[item]!}:${segment}`;
  };

  return (
    // Gutter: the line number, a space and the fold button (see body.css).
    <NumberedLines
      className="json-body"
      label={label}
      lineCount={lines.count}
      layout={layout}
      gutterColumns={4}
      renderRow={renderRow}
      rowKey={rowKey}
    >
      <div className="body-toolbar">
        <span className="body-meta">{lines.count.toLocaleString()} lines</span>
        <button type="button" className="ghost" onClick={collapseAll} disabled={!foldable}>
          Collapse all
        </button>
        <button type="button" className="ghost" onClick={expandAll} disabled={collapsed.size === 0}>
          Expand all
        </button>
      </div>
    </NumberedLines>
  );
}

/**
 * The lines of the last few bodies shown. A tab switch unmounts the body view: coming back to a
 * 20 MB body must not pretty-print it again (a 600 ms task). A few, for a token response and its
 * follow-ups side by side; the oldest goes first.
 */
const recentLines = new Map<string, JsonLines | null>();
const RECENT_BODIES = 4;

function linesOf(text: string): JsonLines | null {
  if (recentLines.has(text)) return recentLines.get(text) ?? null;
  const lines = buildJsonLines(text);
  recentLines.set(text, lines);
  if (recentLines.size > RECENT_BODIES) recentLines.delete(recentLines.keys().next().value!);
  return lines;
}

/**
 * A JSON body, pretty-printed, coloured and foldable, virtualized so a 20 MB body stays responsive.
 * Text that is not JSON is shown raw.
 */
export function JsonBody({ text, label }: { text: string; label: string }) {
  const lines = useMemo(() => linesOf(text), [text]);
  if (lines) return <JsonLinesView lines={lines} label={label} />;
  return (
    <div className="json-body">
      <p className="note">Not valid JSON, so shown as text.</p>
      <RawBody text={text} label={label} />
    </div>
  );
}
