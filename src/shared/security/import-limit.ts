/**
 * The largest text or file an import reads: no collection or document a person pastes is larger,
 * and reading one would only stall the process that reads it. The contract, main's file reader and
 * the renderer's drop zone all refuse past it.
 */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
