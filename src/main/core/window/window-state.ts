import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const int = z.number().int().min(-100_000).max(100_000);
const size = z.number().int().min(1).max(100_000);

export const windowStateSchema = z.object({
  bounds: z.object({ x: int, y: int, width: size, height: size }),
  maximized: z.boolean(),
  fullScreen: z.boolean(),
});

export type WindowState = z.infer<typeof windowStateSchema>;

export interface WindowSizes {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** Where and how big the window opens: `x`/`y` absent means "let the system centre it". */
export interface WindowPlacement {
  bounds: Partial<Pick<Rect, 'x' | 'y'>> & Pick<Rect, 'width' | 'height'>;
  maximized: boolean;
  fullScreen: boolean;
}

/** How much of the title bar must be on a display for the user to grab it. */
const GRAB_WIDTH = 100;
const GRAB_HEIGHT = 40;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

function clampSize(value: number, min: number, max: number): number {
  return Math.max(Math.min(value, max), Math.min(min, max));
}

/**
 * The placement for a saved state on today's displays. A window whose title bar would be off every
 * display (a monitor unplugged since, a resolution changed) opens centred instead, at a size that
 * fits the primary display.
 */
export function placeWindow(options: {
  saved: WindowState | undefined;
  workAreas: readonly Rect[];
  primary: Rect;
  sizes: WindowSizes;
}): WindowPlacement {
  const { saved, workAreas, primary, sizes } = options;
  if (!saved) {
    return {
      bounds: {
        width: clampSize(sizes.width, sizes.minWidth, primary.width),
        height: clampSize(sizes.height, sizes.minHeight, primary.height),
      },
      maximized: false,
      fullScreen: false,
    };
  }
  const titleBar: Rect = { ...saved.bounds, height: GRAB_HEIGHT };
  const home = workAreas.find((area) => {
    const shared = overlap(titleBar, area);
    return shared.width >= Math.min(GRAB_WIDTH, saved.bounds.width) && shared.height >= GRAB_HEIGHT / 2;
  });
  const area = home ?? primary;
  const width = clampSize(saved.bounds.width, sizes.minWidth, area.width);
  const height = clampSize(saved.bounds.height, sizes.minHeight, area.height);
  return {
    bounds: home ? { x: saved.bounds.x, y: saved.bounds.y, width, height } : { width, height },
    maximized: saved.maximized,
    fullScreen: saved.fullScreen,
  };
}

/** The window's last state, in a small JSON file of its own in the user-data folder. */
export class WindowStateFile {
  readonly path: string;

  constructor(dir: string, name = 'window-state.json') {
    this.path = path.join(dir, name);
  }

  /** The saved state, or undefined when there is none or it cannot be read: a window is not worth an error. */
  load(): WindowState | undefined {
    try {
      const parsed = windowStateSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes atomically (a temporary file renamed over the old one); a failure only loses the position. */
  save(state: WindowState): boolean {
    const parsed = windowStateSchema.safeParse(state);
    if (!parsed.success) return false;
    const temporary = `${this.path}.tmp`;
    try {
      mkdirSync(path.dirname(this.path), { recursive: true });
      writeFileSync(temporary, `${JSON.stringify(parsed.data)}\n`, { mode: 0o600 });
      renameSync(temporary, this.path);
      return true;
    } catch {
      return false;
    }
  }
}
