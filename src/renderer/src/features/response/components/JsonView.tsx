import { Fragment, useMemo } from 'react';

const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** Pretty JSON with keys, strings, numbers and literals coloured by CSS classes. */
export function JsonView({ text }: { text: string }) {
  const parts = useMemo(() => {
    const out: { text: string; kind?: string }[] = [];
    let last = 0;
    for (const match of text.matchAll(TOKEN)) {
      const index = match.index;
      if (index > last) out.push({ text: text.slice(last, index) });
      if (match[1]) {
        out.push({ text: match[1], kind: match[2] ? 'key' : 'string' });
        if (match[2]) out.push({ text: match[2] });
      } else if (match[3]) {
        out.push({ text: match[3], kind: 'literal' });
      } else {
        out.push({ text: match[0], kind: 'number' });
      }
      last = index + match[0].length;
    }
    if (last < text.length) out.push({ text: text.slice(last) });
    return out;
  }, [text]);
  return (
    <pre className="code json">
      {parts.map((part, index) =>
        part.kind ? (
          <span key={index} className={`json-${part.kind}`}>
            {part.text}
          </span>
        ) : (
          <Fragment key={index}>{part.text}</Fragment>
        ),
      )}
    </pre>
  );
}
