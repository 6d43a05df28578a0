import type { CSSProperties, ReactNode } from 'react';
import { VirtualList, type VirtualListProps } from './virtual-list.tsx';
import type { RowLayout } from './wrap-rows.ts';

/** Rows are placed by arithmetic, not measured; VirtualList hands this to body.css as --vl-row-height. */
const ROW_HEIGHT = 20;

/**
 * A body's lines as a virtualized list behind a line-number gutter, what the JSON and the raw views
 * share. The gutter is as wide as the largest line number, so it does not change width while
 * scrolling; `gutterColumns` is what it holds beside the number (see body.css). `children` come
 * before the list (a toolbar).
 */
export function NumberedLines(
  props: Pick<VirtualListProps, 'label' | 'renderRow' | 'rowKey'> & {
    className: string;
    lineCount: number;
    layout: RowLayout;
    gutterColumns: number;
    children?: ReactNode;
  },
) {
  const { layout } = props;
  const digits = String(props.lineCount).length;
  const style = { '--body-digits': digits } as CSSProperties;
  return (
    <div className={props.className} style={style}>
      {props.children}
      <VirtualList
        className="body-view"
        label={props.label}
        rowCount={layout.rowCount}
        rowHeight={ROW_HEIGHT}
        renderRow={props.renderRow}
        {...(props.rowKey ? { rowKey: props.rowKey } : {})}
        contentWidth={`calc(${layout.columns + digits + props.gutterColumns}ch + 24px)`}
      />
    </div>
  );
}
