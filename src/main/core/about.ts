/** The versions the About box names: the app's, and those of the runtime it was built on. */
export interface AboutVersions {
  app: string;
  electron?: string | undefined;
  chrome?: string | undefined;
  node: string;
  v8?: string | undefined;
}

/** The About box's text, one version a line; a runtime that is not there (plain Node) is left out. */
export function aboutDetail(versions: AboutVersions): string {
  const lines: [string, string | undefined][] = [
    ['Tokensmith', versions.app],
    ['Electron', versions.electron],
    ['Chromium', versions.chrome],
    ['Node.js', versions.node],
    ['V8', versions.v8],
  ];
  return lines
    .filter((line): line is [string, string] => line[1] !== undefined && line[1] !== '')
    .map(([name, version]) => `${name} ${version}`)
    .join('\n');
}
