import type { SecretBinding } from '../domain/secrets.ts';

export const SNIPPET_LANGS = ['curl', 'httpie', 'fetch', 'python', 'powershell'] as const;
export type SnippetLang = (typeof SNIPPET_LANGS)[number];

export interface Snippet {
  /** Comment lines first when something needs saying, then the code. */
  code: string;
  /** The environment variables the code reads, in the order they first appear. */
  variables: SecretBinding[];
}
