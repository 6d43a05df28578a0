import { useEffect } from 'react';
import { useStore } from '../store/index.ts';

/** Puts the chosen theme on <html>; "system" leaves it to prefers-color-scheme. */
export function useTheme(): void {
  const theme = useStore((state) => state.theme);
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}
