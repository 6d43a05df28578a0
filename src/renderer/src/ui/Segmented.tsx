import { useRef, type KeyboardEvent } from 'react';

/**
 * A radio group drawn as joined buttons. One stop in the tab order (the chosen option); the arrow
 * keys, Home and End move the choice, as in any radio group.
 */
export function Segmented<Value extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly { value: Value; label: string }[];
  value: Value;
  onChange: (value: Value) => void;
}) {
  const group = useRef<HTMLDivElement>(null);
  const index = options.findIndex((option) => option.value === value);
  const onKeyDown = (event: KeyboardEvent): void => {
    const moves: Partial<Record<string, number>> = {
      ArrowRight: index + 1,
      ArrowDown: index + 1,
      ArrowLeft: index - 1,
      ArrowUp: index - 1,
      Home: 0,
      End: options.length - 1,
    };
    const move = moves[event.key];
    if (move === undefined) return;
    // Wraps around at both ends.
    const next = (move + options.length) % options.length;
    event.preventDefault();
    onChange(options[next]!.value);
    group.current?.querySelectorAll<HTMLButtonElement>('[role="radio"]')[next]?.focus();
  };
  return (
    <div ref={group} className="segmented" role="radiogroup" aria-label={label} onKeyDown={onKeyDown}>
      {options.map((option, position) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={option.value === value}
          tabIndex={position === (index < 0 ? 0 : index) ? 0 : -1}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
