import { headerValue, type HttpResponseRecord } from '../../../shared/domain/http.ts';

export function isHtml(response: HttpResponseRecord): boolean {
  const type = headerValue(response.headers, 'content-type') ?? '';
  return /html/i.test(type) || /^\s*</.test(response.bodyText);
}

/** The page's title or first heading, to quote in an error: "586 Service Not Found". */
export function htmlHeadline(html: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
  const text = match?.[1]
    ?.replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return undefined;
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
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
