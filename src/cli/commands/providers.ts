import { PROFILES } from '../../shared/providers/index.ts';
import type { Command } from '../command.ts';

export function providersCommand(options: { json: boolean }): string {
  if (options.json) {
    return JSON.stringify(
      PROFILES.map((profile) => ({
        id: profile.id,
        name: profile.name,
        summary: profile.summary,
        fields: profile.fields.map((field) => ({
          name: field.name,
          label: field.label,
          type: field.type,
          required: field.required ?? false,
          ...(field.default !== undefined ? { default: field.default } : {}),
          ...(field.options ? { options: field.options } : {}),
          ...(field.when ? { when: field.when } : {}),
        })),
      })),
      null,
      2,
    );
  }
  return PROFILES.map((profile) => {
    const fields = profile.fields.map((field) => {
      const marks = [field.type === 'secret' ? 'secret' : '', field.required ? 'required' : '']
        .filter(Boolean)
        .join(', ');
      const choices = field.options ? field.options.join(' | ') : '';
      const fallback = field.default !== undefined ? `default ${field.default}` : '';
      const detail = choices || fallback ? ` (${[choices, fallback].filter(Boolean).join('; ')})` : '';
      return `    ${field.name}${marks ? ` [${marks}]` : ''}${detail}`;
    });
    return [`${profile.id} — ${profile.name}`, `  ${profile.summary}`, ...fields].join('\n');
  }).join('\n\n');
}

/** `tokensmith providers [--json]`. */
export const run: Command = ({ flags }) => {
  console.log(providersCommand({ json: flags.json }));
  return Promise.resolve(0);
};
