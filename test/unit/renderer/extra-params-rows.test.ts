import { describe, expect, it } from 'vitest';
import { parseExtraParams } from '../../../src/shared/flow/compile.ts';
import { oauth2 } from '../../../src/shared/providers/oauth2.ts';
import { kaisa } from '../../../src/shared/providers/kaisa.ts';
import { extraParamsFields, paramRows, paramText } from '../../../src/renderer/src/features/grant/extra-params-rows.ts';

describe('extra parameters as table rows', () => {
  it('reads the rows of the text and writes the text the engine reads', () => {
    const text = 'authorize prompt=consent\nbody tenant=acme\nheader X-Request-Id: 42';
    const rows = paramRows(text)!;
    expect(rows).toEqual([
      { where: 'authorize', name: 'prompt', value: 'consent' },
      { where: 'body', name: 'tenant', value: 'acme' },
      { where: 'header', name: 'X-Request-Id', value: '42' },
    ]);
    expect(paramText(rows)).toBe(text);
    expect(parseExtraParams(paramText(rows), 'extraParams')).toEqual({
      query: [],
      body: [['tenant', 'acme']],
      headers: [['X-Request-Id', '42']],
      authorize: [['prompt', 'consent']],
    });
  });

  it('leaves a text with a comment or a typo as text, and writes no row without a name', () => {
    expect(paramRows('# why\nbody a=b')).toBeUndefined();
    expect(paramRows('bodyx a=b')).toBeUndefined();
    expect(paramText([{ where: 'body', name: ' ', value: 'x' }])).toBe('');
  });

  it('finds the fields a profile takes extra parameters from', () => {
    expect([...extraParamsFields(oauth2)]).toEqual(['extraParams']);
    expect(extraParamsFields(kaisa).size).toBe(0);
  });
});
