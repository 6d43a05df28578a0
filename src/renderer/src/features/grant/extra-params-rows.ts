import type { Profile } from '../../../../shared/domain/profile.ts';

export const PARAM_PLACES = ['body', 'query', 'header', 'authorize'] as const;
export type ParamPlace = (typeof PARAM_PLACES)[number];

export interface ParamRow {
  where: ParamPlace;
  name: string;
  value: string;
}

/**
 * The rows of an extra-parameters text (`body name=value`, `header Name: value`, one a line), or
 * undefined when a line is not one (a comment, a typo): the form then shows the text itself.
 */
export function paramRows(text: string): ParamRow[] | undefined {
  const rows: ParamRow[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const match = /^(query|body|header|authorize)\s+(.+)$/i.exec(line);
    if (!match) return undefined;
    const where = match[1]!.toLowerCase() as ParamPlace;
    const rest = match[2]!;
    const separator = rest.indexOf(where === 'header' ? ':' : '=');
    if (separator <= 0) return undefined;
    rows.push({ where, name: rest.slice(0, separator).trim(), value: rest.slice(separator + 1).trim() });
  }
  return rows;
}

/** The text the engine reads (see parseExtraParams); rows without a name are not written yet. */
export function paramText(rows: readonly ParamRow[]): string {
  return rows
    .filter((row) => row.name.trim() !== '')
    .map((row) => `${row.where} ${row.name.trim()}${row.where === 'header' ? ': ' : '='}${row.value}`)
    .join('\n');
}

/** The fields a profile's requests take extra parameters from: shown as a table, not a text box. */
export function extraParamsFields(profile: Profile): Set<string> {
  const fields = new Set<string>();
  const add = (holder: unknown): void => {
    if (typeof holder !== 'object' || holder === null || !('extraParams' in holder)) return;
    const { extraParams } = holder as { extraParams?: { field?: unknown } };
    if (typeof extraParams?.field === 'string') fields.add(extraParams.field);
  };
  for (const step of profile.steps) {
    add(step);
    if ('request' in step) add(step.request);
    if ('poll' in step) add(step.poll);
  }
  return fields;
}
