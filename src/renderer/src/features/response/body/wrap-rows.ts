/**
 * Hard wrapping for the virtualized viewers. Rows have a fixed height, so a line cannot soft-wrap; a
 * 3 MB base64 value on one line would also make one enormous text run that takes the browser long to
 * lay out. Lines longer than `wrap` columns are cut into several rows instead. Pure: no DOM.
 */

export interface RowLayout {
  readonly rowCount: number;
  /** Row where each item starts, plus the total at the end; null when every item fits on one row. */
  readonly firstRow: Int32Array | null;
  /** The widest row in columns, so the scroll width does not jump as rows come and go. */
  readonly columns: number;
  readonly wrap: number;
}

export interface RowPosition {
  readonly item: number;
  /** Which wrapped piece of the item: 0 for its first row. */
  readonly segment: number;
}

/** Lays out `itemCount` items of the given lengths as rows at most `wrap` columns wide. */
export function layoutRows(itemCount: number, lengthOf: (item: number) => number, wrap: number): RowLayout {
  let columns = 0;
  let wrapped = false;
  for (let item = 0; item < itemCount; item++) {
    const length = lengthOf(item);
    if (length > wrap) {
      wrapped = true;
      break;
    }
    if (length > columns) columns = length;
  }
  if (!wrapped) return { rowCount: itemCount, firstRow: null, columns, wrap };

  const firstRow = new Int32Array(itemCount + 1);
  let rows = 0;
  columns = 0;
  for (let item = 0; item < itemCount; item++) {
    firstRow[item] = rows;
    const length = lengthOf(item);
    rows += Math.max(1, Math.ceil(length / wrap));
    const widest = Math.min(length, wrap);
    if (widest > columns) columns = widest;
  }
  firstRow[itemCount] = rows;
  return { rowCount: rows, firstRow, columns, wrap };
}

/** The item and wrapped piece shown on `row`. */
export function rowAt(layout: RowLayout, row: number): RowPosition {
  const { firstRow } = layout;
  if (!firstRow) return { item: row, segment: 0 };
  // The last item whose first row is at or before `row`.
  let low = 0;
  let high = firstRow.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (firstRow[middle]! <= row) low = middle;
    else high = middle - 1;
  }
  return { item: low, segment: row - firstRow[low]! };
}

/** The part of a run of tokens between two columns, keeping each piece's kind. */
export function sliceTokens<T extends { readonly text: string }>(tokens: readonly T[], from: number, to: number): T[] {
  const out: T[] = [];
  let column = 0;
  for (const token of tokens) {
    const start = column;
    const end = column + token.text.length;
    column = end;
    if (end <= from) continue;
    if (start >= to) break;
    out.push(
      start >= from && end <= to ? token : { ...token, text: token.text.slice(Math.max(0, from - start), to - start) },
    );
  }
  return out;
}
