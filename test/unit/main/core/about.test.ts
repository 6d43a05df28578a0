import { describe, expect, it } from 'vitest';
import { aboutDetail } from '../../../../src/main/core/about.ts';

describe('aboutDetail', () => {
  it('names the app version and the runtime it runs on, one a line', () => {
    expect(aboutDetail({ app: '0.1.0', electron: '45.4.1', chrome: '142.0.1', node: '22.20.0', v8: '14.2' })).toBe(
      'Tokensmith 0.1.0\nElectron 45.4.1\nChromium 142.0.1\nNode.js 22.20.0\nV8 14.2',
    );
  });

  it('leaves out what is not there', () => {
    expect(aboutDetail({ app: '0.1.0', node: '24.1.0' })).toBe('Tokensmith 0.1.0\nNode.js 24.1.0');
  });
});
