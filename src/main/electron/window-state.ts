import { screen, type BrowserWindow } from 'electron';
import {
  placeWindow,
  type WindowPlacement,
  type WindowSizes,
  type WindowStateFile,
} from '../core/window/window-state.ts';

/** The saved placement, checked against the displays there are now. Call after the app is ready. */
export function restoreWindowPlacement(file: WindowStateFile, sizes: WindowSizes): WindowPlacement {
  return placeWindow({
    saved: file.load(),
    workAreas: screen.getAllDisplays().map((display) => display.workArea),
    primary: screen.getPrimaryDisplay().workArea,
    sizes,
  });
}

/** Saves the window's normal (not maximised) bounds a moment after it moves or resizes, and when it closes. */
export function trackWindowState(window: BrowserWindow, file: WindowStateFile): void {
  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    clearTimeout(timer);
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    file.save({
      bounds: {
        x: Math.round(bounds.x),
        y: Math.round(bounds.y),
        width: Math.round(bounds.width),
        height: Math.round(bounds.height),
      },
      maximized: window.isMaximized(),
      fullScreen: window.isFullScreen(),
    });
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  window.on('move', later);
  window.on('resize', later);
  window.on('maximize', later);
  window.on('unmaximize', later);
  window.on('enter-full-screen', later);
  window.on('leave-full-screen', later);
  window.on('close', save);
}
