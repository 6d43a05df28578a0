import { useEffect } from 'react';
import { writeDrafts } from '../features/grant/drafts.ts';
import { useStore } from '../store/index.ts';

const WRITE_AFTER_MS = 300;

/** Writes the unsaved edits (never a secret) shortly after each change, so a reload keeps them. */
export function useKeepDrafts(): void {
  useEffect(() => {
    let timer: number | undefined;
    const unsubscribe = useStore.subscribe((state, previous) => {
      if (
        state.values === previous.values &&
        state.dirty === previous.dirty &&
        state.names === previous.names &&
        state.editor === previous.editor
      )
        return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        const { editor, values, dirty, names, requests } = useStore.getState();
        writeDrafts({ ...(editor ? { editor } : {}), values, dirty, names, requests });
      }, WRITE_AFTER_MS);
    });
    return () => {
      window.clearTimeout(timer);
      unsubscribe();
    };
  }, []);
}
