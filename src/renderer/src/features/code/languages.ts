import type { SnippetLang } from '../../../../shared/snippets/snippet.ts';

export interface Language {
  /** Short, for the language switch and the copy button. */
  label: string;
  /** What the code is and runs with. */
  title: string;
  /** How the shell the code runs from sets a variable, for the lines to run first. */
  shell: 'posix' | 'powershell';
}

export const LANGUAGES: Record<SnippetLang, Language> = {
  curl: { label: 'cURL', title: 'cURL · bash or zsh', shell: 'posix' },
  httpie: { label: 'HTTPie', title: 'HTTPie · bash or zsh', shell: 'posix' },
  fetch: { label: 'fetch', title: 'JavaScript fetch · Node.js 18+', shell: 'posix' },
  python: { label: 'Python', title: 'Python 3 · requests', shell: 'posix' },
  powershell: { label: 'PowerShell', title: 'PowerShell 7 · Invoke-RestMethod', shell: 'powershell' },
};

/** The lines that set the code's variables, values left for the user to fill in: never a secret here. */
export function variableLines(lang: SnippetLang, variables: readonly { variable: string; origin: string }[]): string {
  return variables
    .map(({ variable, origin }) =>
      LANGUAGES[lang].shell === 'powershell'
        ? `$env:${variable} = '…'   # ${origin}`
        : `export ${variable}='…'   # ${origin}`,
    )
    .join('\n');
}
