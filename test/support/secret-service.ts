import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const START_TIMEOUT_MS = 10_000;

/** A real Secret Service on a private D-Bus session bus: gnome-keyring, its login keyring unlocked. */
export interface SecretService {
  /** What a child process needs in DBUS_SESSION_BUS_ADDRESS to reach it. */
  address: string;
  stop(): Promise<void>;
}

/** The first line a process prints on stdout (dbus-daemon's address). */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end).trim());
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${child.spawnfile} exited (${code}) before printing`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Starts `dbus-daemon --session` and `gnome-keyring-daemon --unlock --components=secrets` on it,
 * both as children of the test (killed by stop()), with a home folder of their own, so the user's
 * keyrings are never touched. It resolves once org.freedesktop.secrets answers on the bus.
 */
export async function startSecretService(): Promise<SecretService> {
  const home = mkdtempSync(path.join(tmpdir(), 'tokensmith-secret-service-'));
  const runtime = path.join(home, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], {
    // Its complaints (it may not raise its file limit here) are not the test's.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const children: ChildProcess[] = [bus];
  const stop = async () => {
    for (const child of children.toReversed()) await stopChild(child);
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const address = await firstLine(bus);
    const env = {
      ...process.env,
      HOME: home,
      XDG_DATA_HOME: path.join(home, 'data'),
      XDG_RUNTIME_DIR: runtime,
      DBUS_SESSION_BUS_ADDRESS: address,
    };
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    children.push(keyring);
    // --unlock reads the login keyring's password on stdin; a new login keyring is made with it.
    keyring.stdin.end('tokensmith test keyring');
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const { stdout } = await run(
        'dbus-send',
        [
          '--session',
          '--print-reply',
          '--dest=org.freedesktop.DBus',
          '/org/freedesktop/DBus',
          'org.freedesktop.DBus.NameHasOwner',
          'string:org.freedesktop.secrets',
        ],
        { env },
      );
      if (stdout.includes('boolean true')) break;
      if (Date.now() > deadline) throw new Error('gnome-keyring-daemon did not take org.freedesktop.secrets');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { address, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
