/**
 * Loaded with `node --import` before a command: appends the URL of every module the command loads
 * to the file in TOKENSMITH_TEST_LOADS, so a test can see what a command pulls in.
 */
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env.TOKENSMITH_TEST_LOADS;
if (file) {
  registerHooks({
    load(url, context, nextLoad) {
      if (!url.startsWith('node:')) appendFileSync(file, `${url}\n`);
      return nextLoad(url, context);
    },
  });
}
