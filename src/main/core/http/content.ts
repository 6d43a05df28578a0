import { headerValue, type HttpResponseRecord } from '../../../shared/domain/http.ts';

export function isHtml(response: HttpResponseRecord): boolean {
  const type = headerValue(response.headers, 'content-type') ?? '';
  return /html/i.test(type) || /^\s*</.test(response.bodyText);
}

/** A headline is looked for in this much of a page only: it sits at the top, and a page may be huge. */
export const HEADLINE_SCAN_BYTES = 64 * 1024;
/** Of an element, this much text is cleaned of tags: the headline shown is 100 characters at most. */
const HEADLINE_SOURCE_CHARS = 1024;

/**
 * The content of the first `<tag …>…</tag>`, found with `indexOf` so the work grows with the page,
 * never with its square: a lazy regular expression retried from every one of 160 000 unclosed
 * `<title>` tags took 34 s on a 1.1 MB page.
 */
function firstElement(html: string, lower: string, tag: string): string | undefined {
  const open = `<${tag}`;
  for (let from = 0; ;) {
    const start = lower.indexOf(open, from);
    if (start < 0) return undefined;
    from = start + open.length;
    // `<title>` or `<title lang="en">`, not `<titlebar>`.
    if (!/[\s>/]/.test(lower.charAt(from))) continue;
    const contentStart = lower.indexOf('>', from) + 1;
    if (contentStart === 0) return undefined;
    const end = lower.indexOf(`</${tag}`, contentStart);
    // Without a closing tag after this opening, no later opening has one either.
    return end < 0 ? undefined : html.slice(contentStart, Math.min(end, contentStart + HEADLINE_SOURCE_CHARS));
  }
}

function headlineText(content: string | undefined): string | undefined {
  const text = content
    ?.replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return undefined;
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** The page's title or first heading, to quote in an error: "586 Service Not Found". */
export function htmlHeadline(page: string): string | undefined {
  const html = page.slice(0, HEADLINE_SCAN_BYTES);
  const lower = html.toLowerCase();
  return headlineText(firstElement(html, lower, 'title')) ?? headlineText(firstElement(html, lower, 'h1'));
}

/** The body parsed as JSON, or undefined when it is not JSON. */
export function parseJson(response: HttpResponseRecord): unknown {
  try {
    return JSON.parse(response.bodyText) as unknown;
  } catch {
    return undefined;
  }
}

/** A short, one-line quote of a body for error messages. */
export function bodySnippet(text: string, length = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
