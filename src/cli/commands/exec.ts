import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { FieldValues, Profile } from '../../shared/domain/profile.ts';
import { secretVariableName } from '../../shared/domain/secrets.ts';
import { UsageError } from '../cli-error.ts';
import { terminalText } from '../terminal-text.ts';

/** Where the child finds the token unless --token-env names another variable. */
export const DEFAULT_TOKEN_ENV = 'TOKENSMITH_TOKEN';

/** What a shell answers for a command it cannot find or run. */
const EXIT_NOT_FOUND = 127;
const EXIT_CANNOT_RUN = 126;

/** `--token-env NAME`: a name a shell script can read as `$NAME`. */
export function tokenEnvFlag(value: string | undefined): string {
  if (value === undefined) return DEFAULT_TOKEN_ENV;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value))
    throw new UsageError(`--token-env takes a variable name (letters, digits, _), not "${value}".`);
  return value;
}

/**
 * The child's environment: ours, the token, and every secret field of the request in the
 * `TOKENSMITH_<PROFILE>_<FIELD>` variable the cURL and snippet exports read, so an exported command
 * runs unchanged. Only the environment carries them: never the command line, which `ps` shows.
 */
export function execEnvironment(options: {
  base: NodeJS.ProcessEnv;
  tokenEnv: string;
  token: string;
  profile: Profile;
  values: FieldValues;
}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...options.base };
  for (const field of options.profile.fields) {
    const value = options.values[field.name];
    if (field.type === 'secret' && value) env[secretVariableName(options.profile.id, field.name)] = value;
  }
  env[options.tokenEnv] = options.token;
  return env;
}

/** The command `exec` runs: what follows `--`, as it was given. */
export interface ChildCommand {
  program: string;
  args: string[];
}

export function childCommandOf(argv: readonly string[]): ChildCommand {
  const [program, ...args] = argv;
  if (!program)
    throw new UsageError('exec needs the command to run after --, e.g. tokensmith exec --saved NAME -- ./script.sh');
  return { program, args };
}

/**
 * Runs the command as given, with no shell (an argument is never read as shell syntax), and answers
 * its exit code. SIGINT and SIGTERM sent to tokensmith go on to the child, which decides when to
 * end; a child ended by a signal gives 128 + its number, as a shell reports it.
 */
export function runChild(command: ChildCommand, env: NodeJS.ProcessEnv): Promise<number> {
  const { program, args } = command;
  return new Promise((resolve) => {
    const child = spawn(program, args, { env, stdio: 'inherit', shell: false });
    const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = (code: number): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      process.stderr.write(`tokensmith: cannot run ${terminalText(program)}: ${error.code ?? error.message}\n`);
      done(error.code === 'ENOENT' ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
    });
    child.on('exit', (code, signal) => {
      done(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
