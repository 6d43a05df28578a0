/** The renderer's Content-Security-Policy, parsed and checked against the design's rules. */

export type Policy = Map<string, string[]>;

/** `a 'x' 'y'; b 'z'` → { a: ['x','y'], b: ['z'] }; the first of a repeated directive wins, as in browsers. */
export function parsePolicy(text: string): Policy {
  const policy: Policy = new Map();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const directive = name.toLowerCase();
    if (!policy.has(directive)) policy.set(directive, sources);
  }
  return policy;
}

/** Keywords and sources that would let a script run that is not one of the app's own files. */
const UNSAFE = ["'unsafe-eval'", "'unsafe-inline'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "'strict-dynamic'"];
const WIDE = ['*', 'data:', 'blob:', 'http:', 'https:', 'ws:', 'wss:', 'filesystem:', 'file:'];

function exactly(policy: Policy, directive: string, expected: readonly string[]): string | undefined {
  const actual = policy.get(directive);
  const same = actual?.length === expected.length && expected.every((source) => actual.includes(source));
  return same ? undefined : `${directive} must be ${expected.join(' ')} (is ${actual ? actual.join(' ') : 'missing'})`;
}

export interface CspExpectations {
  /** What the renderer may connect to: 'self' in index.html (the e2e transport), 'none' in the app's header. */
  connect: "'self'" | "'none'";
}

/**
 * The rules: default-src and script-src exactly 'self'; nothing unsafe or wide anywhere; no plugins
 * (object-src 'none'), no <base> (base-uri 'none'), no form posts, no frames (the srcdoc preview
 * needs none); connect-src as narrow as the delivery allows.
 */
export function checkPolicy(text: string, expectations: CspExpectations): string[] {
  const policy = parsePolicy(text);
  const problems = [
    exactly(policy, 'default-src', ["'self'"]),
    exactly(policy, 'script-src', ["'self'"]),
    exactly(policy, 'object-src', ["'none'"]),
    exactly(policy, 'base-uri', ["'none'"]),
    exactly(policy, 'form-action', ["'none'"]),
    exactly(policy, 'frame-src', ["'none'"]),
    exactly(policy, 'connect-src', [expectations.connect]),
  ].filter((problem): problem is string => problem !== undefined);
  for (const [directive, sources] of policy) {
    for (const source of sources) {
      if (UNSAFE.includes(source.toLowerCase())) problems.push(`${directive} allows ${source}`);
      const wide = directive === 'img-src' ? WIDE.filter((item) => item !== 'data:') : WIDE;
      if (wide.includes(source.toLowerCase())) problems.push(`${directive} allows ${source}`);
    }
  }
  for (const directive of ['script-src-elem', 'script-src-attr']) {
    if (policy.has(directive)) problems.push(`${directive} would override script-src`);
  }
  return problems;
}

/** The policy of an HTML file's <meta http-equiv="Content-Security-Policy">, exactly one of them. */
export function metaPolicy(html: string): { policy?: string; problems: string[] } {
  const metas = [...html.matchAll(/<meta\b[^>]*http-equiv\s*=\s*["']Content-Security-Policy["'][^>]*>/gi)];
  if (metas.length !== 1) return { problems: [`index.html must have exactly one CSP <meta> (has ${metas.length})`] };
  const content = /\bcontent\s*=\s*"([^"]*)"/i.exec(metas[0]![0]) ?? /\bcontent\s*=\s*'([^']*)'/i.exec(metas[0]![0]);
  if (!content) return { problems: ['the CSP <meta> has no content'] };
  const problems: string[] = [];
  const head = /<head\b[^>]*>([\s\S]*?)<\/head>/i.exec(html)?.[1] ?? '';
  const firstElement = /<(\w+)\b[^>]*>/g;
  // The policy covers only what comes after it: it must precede every script, style and link.
  const before = head.slice(0, head.search(/<meta\b[^>]*http-equiv\s*=\s*["']Content-Security-Policy/i));
  for (const element of before.matchAll(firstElement)) {
    if (['script', 'link', 'style'].includes(element[1]!.toLowerCase()))
      problems.push(`<${element[1]}> comes before the CSP`);
  }
  return { policy: content[1]!.replace(/\s+/g, ' ').trim(), problems };
}

/** What a strict script-src would block anyway, but should not be written: inline scripts and handlers. */
export function inlineCode(html: string): string[] {
  const problems: string[] = [];
  for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\bsrc\s*=/.test(script[1]!) || script[2]!.trim() !== '') problems.push('an inline <script>');
  }
  if (/<[^>]+\son[a-z]+\s*=/i.test(html)) problems.push('an inline event handler (on…=)');
  if (/<style\b/i.test(html)) problems.push('an inline <style>');
  return problems;
}
