import { describe, expect, it } from 'vitest';
import { HEADLINE_SCAN_BYTES, htmlHeadline } from '../../../../../src/main/core/http/content.ts';

describe('htmlHeadline', () => {
  it('quotes the title, else the first heading, without tags and extra spaces', () => {
    expect(htmlHeadline('<html><head><TITLE lang="en">586  Service\nNot Found</TITLE></head></html>')).toBe(
      '586 Service Not Found',
    );
    expect(htmlHeadline('<body><h1 class="x">Developer <b>Inactive</b></h1></body>')).toBe('Developer Inactive');
    expect(htmlHeadline('<body><title></title><h1>Sign in</h1></body>')).toBe('Sign in');
    expect(htmlHeadline('<p>no headline</p>')).toBeUndefined();
  });

  it('ends on 1.1 MB of unclosed <title> tags (it once took 34 s), finding nothing', () => {
    expect(htmlHeadline(`<html>${'<title>'.repeat(160_000)}</html>`)).toBeUndefined();
  });

  it('ends on a title that is all "<", and on a heading opened again and again', () => {
    expect(htmlHeadline(`<title>${'<'.repeat(60_000)}</title>`)).toBe(`${'<'.repeat(99)}…`);
    expect(htmlHeadline('<h1 '.repeat(200_000))).toBeUndefined();
  });

  it('reads only the first 64 KB', () => {
    const padding = ' '.repeat(HEADLINE_SCAN_BYTES);
    expect(htmlHeadline(`${padding}<title>Too late</title>`)).toBeUndefined();
    expect(htmlHeadline(`<title>Early</title>${padding}`)).toBe('Early');
  });

  it('cuts a long headline to 100 characters', () => {
    expect(htmlHeadline(`<title>${'a'.repeat(300)}</title>`)).toBe(`${'a'.repeat(99)}…`);
  });
});
