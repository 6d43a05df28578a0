import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.ts';

/**
 * The provider getting-started pages live in ../shared/providers next to the repository (in CI too:
 * the repository is cloned beside a copy of shared/). TOKENSMITH_SHARED_DIR overrides the place.
 */
export function providerPagesDir(): string {
  const candidates = [
    process.env.TOKENSMITH_SHARED_DIR && path.join(process.env.TOKENSMITH_SHARED_DIR, 'providers'),
    path.resolve(ROOT, '..', 'shared', 'providers'),
  ].filter((candidate): candidate is string => Boolean(candidate));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw new Error(
      `The provider pages are missing: looked in ${candidates.join(' and ')}. Put the shared/ folder next to the repository or set TOKENSMITH_SHARED_DIR.`,
    );
  return found;
}

export function providerPages(): { file: string; text: string }[] {
  const dir = providerPagesDir();
  return readdirSync(dir)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => ({ file, text: readFileSync(path.join(dir, file), 'utf8') }));
}

/** True while the text has an unclosed single or double quote, as bash would read it. */
function openQuote(text: string): boolean {
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote === undefined) {
      if (char === '\\') index++;
      else if (char === "'" || char === '"') quote = char;
    } else if (char === quote) quote = undefined;
    else if (quote === '"' && char === '\\') index++;
  }
  return quote !== undefined;
}

/**
 * The cURL commands in a page of prose, as a reader would copy them: from a line starting with
 * `curl` through its line continuations and any quoted text spanning lines.
 */
export function curlCommands(page: string): string[] {
  const lines = page.split('\n');
  const commands: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!/^\s*curl\s/.test(lines[index]!)) continue;
    const command = [lines[index]!];
    while (index + 1 < lines.length && (/\\\s*$/.test(command.at(-1)!) || openQuote(command.join('\n')))) {
      command.push(lines[++index]!);
    }
    commands.push(command.join('\n').trim());
  }
  return commands;
}
