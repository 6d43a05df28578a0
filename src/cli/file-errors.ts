import { AppError } from '../shared/domain/errors.ts';

/** What each file-system error means to someone who named the file, when reading and when writing. */
const REASONS: Record<string, { read: string; write: string }> = {
  ENOENT: { read: 'there is no such file', write: 'its folder does not exist' },
  EISDIR: { read: 'it is a folder', write: 'it is a folder' },
  ENOTDIR: { read: 'a part of the path is a file, not a folder', write: 'a part of the path is a file, not a folder' },
  EACCES: { read: 'permission denied', write: 'permission denied' },
  EPERM: { read: 'the operation is not permitted', write: 'the operation is not permitted' },
  EROFS: { read: 'the file system is read-only', write: 'the file system is read-only' },
  ENOSPC: { read: 'the disk is full', write: 'the disk is full' },
};

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * A file-system error on a file the user named, as one line: which file, what is wrong with it and
 * what to do. Errors of other kinds are returned as they are.
 */
export function fileError(error: unknown, options: { file: string; action: 'read' | 'write'; hint: string }): unknown {
  const reason = REASONS[errnoCode(error) ?? '']?.[options.action];
  if (!reason) return error;
  return new AppError('INVALID_INPUT', `Cannot ${options.action} ${options.file}: ${reason}.`, {
    hint: options.hint,
    cause: error,
  });
}

/** The data folder (--data-dir) cannot be opened or written: say so, whichever file inside it failed. */
export function dataDirError(error: unknown, dataDir: string): unknown {
  const code = errnoCode(error);
  const reason = code && REASONS[code]?.write;
  if (!reason) return error;
  return new AppError(
    'INVALID_INPUT',
    `The data folder ${dataDir} cannot be used: ${code === 'ENOENT' ? 'a part of its path does not exist' : reason}.`,
    {
      hint: 'Check --data-dir (or TOKENSMITH_DATA_DIR): it must be a folder you can write to, or a path where one can be made.',
      cause: error,
    },
  );
}

/** Runs a file operation, turning its file-system error into {@link fileError}'s line. */
export async function onFile<T>(
  operation: Promise<T>,
  options: { file: string; action: 'read' | 'write'; hint: string },
): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    throw fileError(error, options);
  }
}
