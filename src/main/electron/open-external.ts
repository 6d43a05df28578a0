import { shell } from 'electron';
import { AppError } from '../../shared/domain/errors.ts';
import { isSafeExternalUrl } from '../core/safe-url.ts';

/** The only way Tokensmith hands a URL to the operating system. */
export async function openExternal(url: string): Promise<void> {
  if (!isSafeExternalUrl(url)) {
    throw new AppError('INVALID_INPUT', 'Tokensmith opens only https URLs, and http URLs on this computer.', {
      hint: 'Check the authorization URL.',
    });
  }
  await shell.openExternal(url);
}
