import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactString } from '../../../../../src/main/core/log/redact.ts';

const SECRET = 'S3cr3t-canary-4d1e';

/** What an import withholds as a credential, the log redacts too (issue 16: they used to disagree). */
describe('the log redacts every name the import withholds', () => {
  it.each(['signature', 'credential', 'X-Hub-Signature', 'x-amz-credential', 'apikey'])('%s', (name) => {
    expect(JSON.stringify(redact({ [name]: SECRET }))).not.toContain(SECRET);
    expect(redactString(`${name}=${SECRET}`)).toBe(`${name}=${REDACTED}`);
  });
});
