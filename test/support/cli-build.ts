/**
 * Vitest's global setup for the projects that spawn `tokensmith`: they run what users run, the
 * bundle (scripts/build-cli.ts), built again here when a source changed since the last build. Each
 * of the hundreds of processes they start then loads a few files instead of the .ts sources.
 */
import { buildCli, bundleIsFresh } from '../../scripts/build-cli.ts';

export default async function setup(): Promise<void> {
  if (!bundleIsFresh()) await buildCli();
}
