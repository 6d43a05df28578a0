import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/domain/errors.ts';
import { z } from 'zod';
import {
  environmentSchema,
  savedRequestSchema,
  type Environment,
  type SavedRequest,
} from '../../../shared/domain/workspace.ts';
import { writeFileAtomic } from '../store/atomic-file.ts';
import { withFileLock } from '../store/file-lock.ts';
import {
  environmentFileSchema,
  environmentFileText,
  environmentFromFile,
  fileNameFor,
  orderFileSchema,
  orderFileText,
  readYamlFile,
  requestFileSchema,
  requestFileText,
  requestFromFile,
  WORKSPACE_FORMAT,
  workspaceFileSchema,
  workspaceFileText,
} from './workspace-files.ts';
import type { WorkspaceBatch, WorkspaceStorage } from './workspace-storage.ts';

/** A file of the folder that does not parse or breaks its schema: listed, never touched. */
export interface WorkspaceProblem {
  /** Relative to the workspace folder, with forward slashes. */
  path: string;
  error: string;
}

function fileStamp(file: string): string {
  try {
    const { ino, size, mtimeMs } = statSync(file);
    return `${ino}:${size}:${mtimeMs}`;
  } catch {
    return 'absent';
  }
}

const REQUESTS = 'requests';
const ENVIRONMENTS = 'environments';
const ORDER_FILE = '_order.yaml';
const INTERNAL = '.tokensmith';
const JOURNAL = 'journal.json';
const journalSchema = z.object({
  requests: z.array(savedRequestSchema),
  environments: z.array(environmentSchema),
  sealed: z.record(z.string(), z.string()).optional(),
});

/** A sidebar folder's path as a folder on disk: each part kept, only what no file system takes replaced. */
function folderPath(folder: string): string[] {
  return folder
    .split('/')
    .map((part) =>
      part
        .trim()
        // eslint-disable-next-line no-control-regex -- control characters are what no file system takes in a name
        .replace(/[\\:*?"<>|\u0000-\u001f]/g, '-')
        .replace(/^\.+/, '-'),
    )
    .filter((part) => part !== '');
}

interface Placed<T> {
  value: T;
  /** Relative path of its file. */
  file: string;
}

/**
 * A workspace folder: `workspace.yaml`, `requests/` (one YAML file per saved request, one folder
 * per sidebar folder, each with its `_order.yaml`) and `environments/`. It is read whole when
 * opened (and again with `reload`, when the folder changed on disk); every write changes only the
 * files of what changed, atomically, under the folder's lock (kept in `.tokensmith/`, which git
 * ignores). A file that cannot be read is listed as a problem and never overwritten or moved.
 */
export class WorkspaceFolder implements WorkspaceStorage {
  readonly dir: string;
  readonly name: string;
  readonly #owner: string;
  #requests = new Map<string, Placed<SavedRequest>>();
  #environments = new Map<string, Placed<Environment>>();
  #problems: WorkspaceProblem[] = [];
  /** The stamp of each file as this process last wrote it (or 'absent' after removing it). */
  readonly #ownWrites = new Map<string, string>();

  private constructor(dir: string, name: string, owner: string) {
    this.dir = dir;
    this.name = name;
    this.#owner = owner;
  }

  /**
   * Opens the workspace in `dir`; with `create`, makes one there first when there is none. A
   * workspace of a newer format is refused, so an older Tokensmith never rewrites its files.
   */
  static open(
    dir: string,
    options: {
      create: boolean;
      owner: string;
      name?: string;
      readOnly?: boolean;
      /** Puts the sealed secrets of a batch a killed process left into the vault (the store). */
      commitSecrets?: (sealed: Record<string, string>) => void;
    },
  ): WorkspaceFolder {
    const root = path.resolve(dir);
    const manifest = path.join(root, 'workspace.yaml');
    if (!existsSync(manifest)) {
      if (!options.create)
        throw new AppError('INVALID_INPUT', `${root} is not a Tokensmith workspace: it has no workspace.yaml.`, {
          hint: 'Open the folder that holds workspace.yaml, or create a workspace there.',
        });
      mkdirSync(root, { recursive: true });
      writeFileAtomic(
        manifest,
        workspaceFileText({ format: WORKSPACE_FORMAT, name: options.name ?? path.basename(root) }),
        {
          mode: 0o644,
        },
      );
    }
    const read = readYamlFile(readFileSync(manifest, 'utf8'), workspaceFileSchema);
    if (!read.ok) throw new AppError('STORE_UNREADABLE', `${manifest} cannot be read: ${read.error}.`);
    if (read.value.format > WORKSPACE_FORMAT)
      throw new AppError(
        'STORE_READ_ONLY',
        `${root} was written by a newer Tokensmith (workspace format ${read.value.format}; this one reads up to ${WORKSPACE_FORMAT}). Update Tokensmith.`,
      );
    WorkspaceFolder.#ignoreInternals(root);
    const folder = new WorkspaceFolder(root, read.value.name, options.owner);
    folder.reload();
    // A batch a killed process left half-written is finished (over what it did write) and read again.
    if (!options.readOnly && folder.#finishJournal(options.commitSecrets)) folder.reload();
    return folder;
  }

  /** `.tokensmith/` holds the lock; its own .gitignore keeps it (and itself) out of git. */
  static #ignoreInternals(root: string): void {
    const ignore = path.join(root, INTERNAL, '.gitignore');
    if (existsSync(ignore)) return;
    mkdirSync(path.dirname(ignore), { recursive: true });
    writeFileSync(ignore, '*\n');
  }

  /** Reads every file again: after a `git pull`, an editor, or another process. */
  reload(): void {
    const requests = new Map<string, Placed<SavedRequest>>();
    const environments = new Map<string, Placed<Environment>>();
    const problems: WorkspaceProblem[] = [];
    // The files keep no time; the lists need one. One read of the folder, one time (no stat per file).
    const stamp = new Date().toISOString();
    const walk = (relative: string, folder: string[]): void => {
      const absolute = path.join(this.dir, relative);
      let entries;
      try {
        entries = readdirSync(absolute, { withFileTypes: true });
      } catch {
        return;
      }
      const orderText = entries.some((entry) => entry.name === ORDER_FILE)
        ? readFileSync(path.join(absolute, ORDER_FILE), 'utf8')
        : undefined;
      const order =
        orderText === undefined
          ? { ok: true as const, value: { order: [] } }
          : readYamlFile(orderText, orderFileSchema);
      if (!order.ok) problems.push({ path: `${relative}/${ORDER_FILE}`, error: order.error });
      const ranked = order.ok ? order.value.order : [];
      const files = entries
        .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml') && entry.name !== ORDER_FILE)
        .map((entry) => entry.name)
        .sort((a, b) => {
          const [ra, rb] = [ranked.indexOf(a), ranked.indexOf(b)];
          if (ra !== rb) return ra === -1 ? 1 : rb === -1 ? -1 : ra - rb;
          return a < b ? -1 : 1;
        });
      for (const [index, name] of files.entries()) {
        const file = `${relative}/${name}`;
        const full = path.join(this.dir, file);
        const read = readYamlFile(readFileSync(full, 'utf8'), requestFileSchema);
        if (!read.ok) {
          problems.push({ path: file, error: read.error });
          continue;
        }
        if (requests.has(read.value.id)) {
          problems.push({
            path: file,
            error: `id ${read.value.id} is also the id of ${requests.get(read.value.id)!.file}`,
          });
          continue;
        }

        requests.set(read.value.id, {
          value: requestFromFile(read.value, { folder: folder.join('/'), order: index, stamp }),
          file,
        });
      }
      for (const entry of entries) if (entry.isDirectory()) walk(`${relative}/${entry.name}`, [...folder, entry.name]);
    };
    walk(REQUESTS, []);
    const environmentsDir = path.join(this.dir, ENVIRONMENTS);
    const names = existsSync(environmentsDir)
      ? readdirSync(environmentsDir)
          .filter((name) => name.endsWith('.yaml'))
          .sort()
      : [];
    for (const name of names) {
      const file = `${ENVIRONMENTS}/${name}`;
      const read = readYamlFile(readFileSync(path.join(this.dir, file), 'utf8'), environmentFileSchema);
      if (read.ok) environments.set(read.value.id, { value: environmentFromFile(read.value), file });
      else problems.push({ path: file, error: read.error });
    }
    this.#requests = requests;
    this.#environments = environments;
    this.#problems = problems;
  }

  requests(): SavedRequest[] {
    return [...this.#requests.values()].map((placed) => placed.value);
  }

  environments(): Environment[] {
    return [...this.#environments.values()].map((placed) => placed.value);
  }

  problems(): WorkspaceProblem[] {
    return this.#problems;
  }

  /** Runs changes holding the folder's lock, so two processes never write the same order file at once. */
  #locked<T>(work: () => T): T {
    return withFileLock(path.join(this.dir, INTERNAL, 'workspace'), { what: this.#owner }, work);
  }

  #write(relative: string, text: string): void {
    const full = path.join(this.dir, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    // Shared files: readable by the team's tools, like any file in a git checkout.
    writeFileAtomic(full, text, { mode: 0o644 });
    this.#ownWrites.set(full, fileStamp(full));
  }

  #remove(relative: string): void {
    const full = path.join(this.dir, relative);
    rmSync(full, { force: true });
    this.#ownWrites.set(full, 'absent');
  }

  /** Whether a file is as this process last left it: a change the watcher need not reload for. */
  isOwnWrite(file: string): boolean {
    const stamp = this.#ownWrites.get(file);
    return stamp !== undefined && stamp === fileStamp(file);
  }

  /** The order file of a folder on disk, as it is now (another process may have written it). */
  #orderOf(folderDir: string): string[] {
    const file = path.join(this.dir, folderDir, ORDER_FILE);
    if (!existsSync(file)) return [];
    const read = readYamlFile(readFileSync(file, 'utf8'), orderFileSchema);
    return read.ok ? read.value.order : [];
  }

  #folderDir(folder: string): string {
    return [REQUESTS, ...folderPath(folder)].join('/');
  }

  /**
   * Writes saved requests, each to its own file; a renamed or moved one leaves its old file. The
   * order file of each folder touched is rewritten from what is on disk with these in their places.
   */
  saveRequests(requests: readonly SavedRequest[]): void {
    if (requests.length > 0) this.#locked(() => this.#writeRequests(requests));
  }

  #writeRequests(requests: readonly SavedRequest[]): void {
    {
      const orders = new Map<string, string[]>();
      /** Each folder's order as it was on disk, to write only the order files that change. */
      const before = new Map<string, string>();
      const orderOf = (dir: string): string[] => {
        if (!orders.has(dir)) {
          const order = this.#orderOf(dir);
          orders.set(dir, order);
          before.set(dir, order.join('\n'));
        }
        return orders.get(dir)!;
      };
      /** The file names in use in each folder, read once per folder and kept up to date here. */
      const names = new Map<string, Set<string>>();
      const takenIn = (dir: string): Set<string> => {
        if (!names.has(dir))
          names.set(dir, new Set(existsSync(path.join(this.dir, dir)) ? readdirSync(path.join(this.dir, dir)) : []));
        return names.get(dir)!;
      };
      for (const request of requests) {
        const dir = this.#folderDir(request.folder);
        const previous = this.#requests.get(request.id);
        // Its file keeps its name until the request is renamed or moved: git sees a change, not a new file.
        const keep = previous && path.posix.dirname(previous.file) === dir && previous.value.name === request.name;
        const name = keep ? path.posix.basename(previous.file) : fileNameFor(request.name, takenIn(dir));
        takenIn(dir).add(name);
        const file = `${dir}/${name}`;
        if (previous && previous.file !== file) {
          this.#remove(previous.file);
          const oldDir = path.posix.dirname(previous.file);
          orders.set(
            oldDir,
            orderOf(oldDir).filter((entry) => entry !== path.posix.basename(previous.file)),
          );
        }
        this.#write(file, requestFileText(request));
        if (keep && previous.value.order === request.order) {
          // It keeps its file and its place: the folder's order file (10,000 names in a big
          // workspace) is neither read nor written, so saving one request writes one file.
          this.#requests.set(request.id, { value: request, file });
          continue;
        }
        const order = orderOf(dir).filter((entry) => entry !== name);
        order.splice(Math.min(request.order, order.length), 0, name);
        orders.set(dir, order);
        this.#requests.set(request.id, { value: request, file });
      }
      for (const [dir, order] of orders) {
        if (before.get(dir) === order.join('\n')) continue;
        this.#write(`${dir}/${ORDER_FILE}`, orderFileText(order));
        this.#renumber(dir, order);
      }
    }
  }

  /** The in-memory places of a folder's requests, from its order file as just written. */
  #renumber(dir: string, order: readonly string[]): void {
    for (const placed of this.#requests.values()) {
      if (path.posix.dirname(placed.file) !== dir) continue;
      const index = order.indexOf(path.posix.basename(placed.file));
      placed.value = { ...placed.value, order: index === -1 ? order.length : index };
    }
  }

  /**
   * Writes a batch through a journal: the whole batch goes to `.tokensmith/journal.json` in one
   * atomic write, then into the files, then its sealed secrets to the vault (`commitSecrets`), then
   * the journal goes. A process killed in between leaves the journal, which the next open of the
   * folder finishes: the batch, with its secrets, is all there or not at all. The secrets in the
   * journal are sealed, and `.tokensmith/` is never in git.
   */
  saveBatch(batch: WorkspaceBatch, commitSecrets?: (sealed: Record<string, string>) => void): void {
    if (batch.requests.length === 0 && batch.environments.length === 0) return;
    const journal = path.join(this.dir, INTERNAL, JOURNAL);
    // One batch at a time holds the lock from the journal to its removal, so a journal found
    // under the lock was left by a process that died.
    this.#locked(() => {
      writeFileAtomic(journal, JSON.stringify(batch));
      this.#writeEnvironments(batch.environments);
      this.#writeRequests(batch.requests);
      if (batch.sealed && Object.keys(batch.sealed).length > 0) commitSecrets?.(batch.sealed);
      rmSync(journal, { force: true });
    });
  }

  /**
   * Finishes a batch a killed process left in the journal; answers whether there was one. Its
   * sealed secrets need the vault (`commitSecrets`): without it, the journal stays for an open that has it.
   */
  #finishJournal(commitSecrets: ((sealed: Record<string, string>) => void) | undefined): boolean {
    const journal = path.join(this.dir, INTERNAL, JOURNAL);
    if (!existsSync(journal)) return false;
    return this.#locked(() => {
      if (!existsSync(journal)) return false;
      let batch: z.infer<typeof journalSchema> | undefined;
      try {
        batch = journalSchema.parse(JSON.parse(readFileSync(journal, 'utf8')));
      } catch {
        // Written atomically, a journal is whole or absent; one that does not read is no batch to finish.
      }
      if (batch) {
        this.#writeEnvironments(batch.environments);
        this.#writeRequests(batch.requests);
        if (batch.sealed && Object.keys(batch.sealed).length > 0) {
          if (!commitSecrets) return true;
          commitSecrets(batch.sealed);
        }
      }
      rmSync(journal, { force: true });
      return true;
    });
  }

  deleteRequest(id: string): void {
    const placed = this.#requests.get(id);
    if (!placed) return;
    this.#locked(() => {
      this.#remove(placed.file);
      const dir = path.posix.dirname(placed.file);
      const name = path.posix.basename(placed.file);
      const order = this.#orderOf(dir).filter((entry) => entry !== name);
      this.#write(`${dir}/${ORDER_FILE}`, orderFileText(order));
      this.#requests.delete(id);
      this.#renumber(dir, order);
    });
  }

  saveEnvironments(environments: readonly Environment[]): void {
    if (environments.length > 0) this.#locked(() => this.#writeEnvironments(environments));
  }

  #writeEnvironments(environments: readonly Environment[]): void {
    {
      for (const environment of environments) {
        const previous = this.#environments.get(environment.id);
        const taken = new Set(
          existsSync(path.join(this.dir, ENVIRONMENTS)) ? readdirSync(path.join(this.dir, ENVIRONMENTS)) : [],
        );
        const file = previous ? previous.file : `${ENVIRONMENTS}/${fileNameFor(environment.name, taken)}`;
        this.#write(file, environmentFileText(environment));
        this.#environments.set(environment.id, { value: environment, file });
      }
    }
  }

  deleteEnvironment(id: string): void {
    const placed = this.#environments.get(id);
    if (!placed) return;
    this.#locked(() => this.#remove(placed.file));
    this.#environments.delete(id);
  }
}
