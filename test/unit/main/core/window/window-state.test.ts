import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  WindowStateFile,
  placeWindow,
  type Rect,
  type WindowState,
} from '../../../../../src/main/core/window/window-state.ts';

const sizes = { width: 1280, height: 820, minWidth: 900, minHeight: 600 };
const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const monitor: Rect = { x: 1440, y: 0, width: 2560, height: 1415 };
const state = (bounds: Rect, extra: Partial<WindowState> = {}): WindowState => ({
  bounds,
  maximized: false,
  fullScreen: false,
  ...extra,
});

describe('placeWindow', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(placeWindow({ saved: undefined, workAreas: [laptop], primary: laptop, sizes })).toEqual({
      bounds: { width: 1280, height: 820 },
      maximized: false,
      fullScreen: false,
    });
  });

  it('fits the default size to a small screen, but not below the minimum the screen allows', () => {
    const small: Rect = { x: 0, y: 0, width: 1024, height: 700 };
    expect(placeWindow({ saved: undefined, workAreas: [small], primary: small, sizes }).bounds).toEqual({
      width: 1024,
      height: 700,
    });
  });

  it('puts the window back where it was, on the second monitor, maximised', () => {
    const saved = state({ x: 1600, y: 100, width: 1500, height: 1000 }, { maximized: true });
    expect(placeWindow({ saved, workAreas: [laptop, monitor], primary: laptop, sizes })).toEqual({
      bounds: { x: 1600, y: 100, width: 1500, height: 1000 },
      maximized: true,
      fullScreen: false,
    });
  });

  it('centres on the primary display a window whose monitor is gone, at a size that fits', () => {
    const saved = state({ x: 1600, y: 100, width: 2000, height: 1200 });
    expect(placeWindow({ saved, workAreas: [laptop], primary: laptop, sizes }).bounds).toEqual({
      width: 1440,
      height: 875,
    });
  });

  it('does not restore a window whose title bar is off screen, even if its body is visible', () => {
    const saved = state({ x: 100, y: -700, width: 1000, height: 800 });
    expect(placeWindow({ saved, workAreas: [laptop], primary: laptop, sizes }).bounds).not.toHaveProperty('x');
  });

  it('does not restore a window with only a sliver on screen', () => {
    const saved = state({ x: 1400, y: 100, width: 1000, height: 800 });
    expect(placeWindow({ saved, workAreas: [laptop], primary: laptop, sizes }).bounds).not.toHaveProperty('x');
  });
});

describe('WindowStateFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tokensmith-window-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('saves and loads the state, readable by the owner only', async () => {
    const file = new WindowStateFile(dir);
    const saved = state({ x: 10, y: 20, width: 1000, height: 700 }, { fullScreen: true });
    expect(file.save(saved)).toBe(true);
    expect(new WindowStateFile(dir).load()).toEqual(saved);
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toEqual(saved);
  });

  it.each([
    ['no file', undefined],
    ['not JSON', '{"bounds":'],
    ['a wrong shape', '{"bounds":{"x":"left"},"maximized":false,"fullScreen":false}'],
    ['absurd numbers', '{"bounds":{"x":0,"y":0,"width":1e12,"height":10},"maximized":false,"fullScreen":false}'],
  ])('loads nothing from %s', async (_name, text) => {
    if (text !== undefined) await writeFile(path.join(dir, 'window-state.json'), text);
    expect(new WindowStateFile(dir).load()).toBeUndefined();
  });

  it('refuses to save what it could not load back', () => {
    const file = new WindowStateFile(dir);
    expect(file.save(state({ x: 0.5, y: 0, width: 100, height: 100 }))).toBe(false);
    expect(file.load()).toBeUndefined();
  });
});
