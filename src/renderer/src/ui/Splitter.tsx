import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

/** A draggable, keyboard-operable divider between two panes (WAI-ARIA window splitter). */
export function Splitter({
  label,
  value,
  min,
  max,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
}) {
  const start = useRef<{ x: number; value: number } | undefined>(undefined);
  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    start.current = { x: event.clientX, value };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    if (start.current) onChange(start.current.value + event.clientX - start.current.x);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const step = event.shiftKey ? 40 : 10;
    if (event.key === 'ArrowLeft') onChange(value - step);
    else if (event.key === 'ArrowRight') onChange(value + step);
    else return;
    event.preventDefault();
  };
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (start.current = undefined)}
      onKeyDown={onKeyDown}
    />
  );
}
