import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../../src/main/core/protocol/csp.ts';
import { checkPolicy, inlineCode, metaPolicy, parsePolicy } from '../../support/security/csp-checks.ts';
import { ROOT } from '../../support/security/sources.ts';

const indexHtml = readFileSync(path.join(ROOT, 'src/renderer/index.html'), 'utf8');
const brokenHtml = readFileSync(path.join(ROOT, 'test/fixtures/security/index-unsafe.html'), 'utf8');

describe('the CSP in index.html', () => {
  it('is strict, with connect-src only to its own origin (the e2e transport) and comes first', () => {
    const { policy, problems } = metaPolicy(indexHtml);
    expect(problems).toEqual([]);
    expect(checkPolicy(policy!, { connect: "'self'" })).toEqual([]);
    expect(inlineCode(indexHtml)).toEqual([]);
  });

  it('says in a comment why connect-src is not none, and where the narrower header is', () => {
    const comment = /<!--([\s\S]*?)-->\s*<meta\s+http-equiv="Content-Security-Policy"/.exec(indexHtml)?.[1] ?? '';
    expect(comment).toMatch(/connect-src 'self', not 'none'/);
    expect(comment).toMatch(/src\/main\/core\/protocol\/csp\.ts/);
  });

  it('fails unsafe-eval, unsafe-inline, a wildcard connect-src, inline code and a script before the policy (fixture)', () => {
    const { policy, problems } = metaPolicy(brokenHtml);
    expect(problems).toEqual(['<script> comes before the CSP']);
    expect(checkPolicy(policy!, { connect: "'self'" })).toEqual([
      "script-src must be 'self' (is 'self' 'unsafe-eval')",
      "connect-src must be 'self' (is *)",
      "script-src allows 'unsafe-eval'",
      "style-src allows 'unsafe-inline'",
      'connect-src allows *',
    ]);
    expect(inlineCode(brokenHtml)).toEqual(['an inline <script>', 'an inline event handler (on…=)']);
  });
});

describe('the CSP header on every app:// response', () => {
  it('is as strict, and lets the renderer connect nowhere', () => {
    expect(checkPolicy(RENDERER_CSP, { connect: "'none'" })).toEqual([]);
    expect(parsePolicy(RENDERER_CSP).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('agrees with index.html on everything but connect-src and what only a header can say', () => {
    const header = parsePolicy(RENDERER_CSP);
    const meta = parsePolicy(metaPolicy(indexHtml).policy!);
    for (const directive of ['connect-src', 'frame-ancestors']) {
      header.delete(directive);
      meta.delete(directive);
    }
    expect(Object.fromEntries(header)).toEqual(Object.fromEntries(meta));
  });

  it('would be caught if it allowed connections', () => {
    expect(
      checkPolicy(RENDERER_CSP.replace("connect-src 'none'", "connect-src 'self'"), { connect: "'none'" }),
    ).toEqual(["connect-src must be 'none' (is 'self')"]);
  });
});
