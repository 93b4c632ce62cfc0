import { randomUUID } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, mkdir, open, readdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import {
  assertBlobKey,
  assertBlobPrefix,
  type BlobInfo,
  type BlobStore,
  type OpenedBlob,
} from '../blob-store.port.js';
import { BlobNotFoundError, BlobStoreUnavailableError } from '../blob-store.errors.js';

/** Where writes in progress live, inside the root; no key can name it (segments never start with a dot). */
const INCOMING = '.incoming';

/**
 * Blobs as files under one directory, the embedded default (`<DATA_DIR>.blobs`). A put writes a
 * temporary file in `.incoming/`, fsyncs it, renames it over the key's path and fsyncs the directory,
 * so a crash leaves either the old file or the new one, and a resolved put survives a power cut.
 * A crash mid-write leaves only a temporary file, which removeIncomplete deletes.
 */
export class FileSystemBlobStore implements BlobStore {
  readonly kind = 'filesystem';

  constructor(readonly root: string) {}

  async put(key: string, body: AsyncIterable<Uint8Array>): Promise<BlobInfo> {
    assertBlobKey(key);
    const target = this.pathOf(key);
    const temporary = join(this.root, INCOMING, randomUUID());
    await this.ensureDirectory(join(this.root, INCOMING));
    const handle = await open(temporary, 'wx', 0o600).catch((error) => {
      throw unavailable('cannot create a file', error);
    });
    let size = 0;
    try {
      for await (const chunk of body) {
        let offset = 0;
        while (offset < chunk.byteLength) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
          offset += bytesWritten;
        }
        size += chunk.byteLength;
      }
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    await handle.close();
    try {
      await this.renameInto(temporary, target);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw unavailable('cannot move a written file into place', error);
    }
    const written = await stat(target);
    return { key, size, modifiedAt: written.mtime };
  }

  async get(key: string): Promise<OpenedBlob> {
    assertBlobKey(key);
    // Opened before answering, so a missing blob is a BlobNotFoundError here and not a stream error later.
    const handle = await open(this.pathOf(key), 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new BlobNotFoundError(key);
      throw unavailable('cannot open a file', error);
    });
    try {
      const found = await handle.stat();
      return {
        info: { key, size: found.size, modifiedAt: found.mtime },
        body: createReadStream('', { fd: handle, autoClose: true }),
      };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw unavailable('cannot read a file', error);
    }
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    assertBlobKey(key);
    try {
      const found = await stat(this.pathOf(key));
      return found.isFile() ? { key, size: found.size, modifiedAt: found.mtime } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw unavailable('cannot stat a file', error);
    }
  }

  async move(from: string, to: string): Promise<void> {
    assertBlobKey(from);
    assertBlobKey(to);
    const source = this.pathOf(from);
    const target = this.pathOf(to);
    try {
      await this.renameInto(source, target);
    } catch (error) {
      if (isMissing(error) && !(await exists(source))) throw new BlobNotFoundError(from);
      throw unavailable('cannot move a file', error);
    }
    if (dirname(source) !== dirname(target)) {
      await syncDirectory(dirname(source));
      await this.pruneEmptyDirectories(dirname(source));
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      if (isMissing(error)) return;
      throw unavailable('cannot delete a file', error);
    }
    await syncDirectory(dirname(path));
    await this.pruneEmptyDirectories(dirname(path));
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    assertBlobPrefix(prefix);
    // Walk only the deepest directory the prefix names in full.
    const slash = prefix.lastIndexOf('/');
    const base = slash < 0 ? '' : prefix.slice(0, slash);
    const keys: string[] = [];
    await this.collectKeys(base ? this.pathOf(base) : this.root, keys);
    for (const key of keys.filter((candidate) => candidate.startsWith(prefix)).sort()) {
      const info = await this.stat(key);
      if (info) yield info;
    }
  }

  async removeIncomplete(startedBefore: Date): Promise<number> {
    const directory = join(this.root, INCOMING);
    let names: string[];
    try {
      names = await readdir(directory);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw unavailable('cannot list temporary files', error);
    }
    let removed = 0;
    for (const name of names) {
      const path = join(directory, name);
      const found = await stat(path).catch(() => undefined);
      // A write in progress touches its file with every chunk: only files idle since then are left behind.
      if (!found || found.mtime >= startedBefore) continue;
      await unlink(path).then(
        () => removed++,
        () => undefined,
      );
    }
    return removed;
  }

  async ping(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.W_OK);
    } catch (error) {
      throw unavailable(`${this.root} is not a writable directory`, error);
    }
  }

  async close(): Promise<void> {}

  private pathOf(key: string): string {
    return join(this.root, ...key.split('/'));
  }

  private async collectKeys(directory: string, into: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw unavailable('cannot list a directory', error);
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) await this.collectKeys(path, into);
      else if (entry.isFile()) into.push(relative(this.root, path).split(sep).join('/'));
    }
  }

  /**
   * Renames `source` to `target` and fsyncs the target's directory. A concurrent delete may prune the
   * target's directory between its creation and the rename: then it is created again.
   */
  private async renameInto(source: string, target: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.ensureDirectory(dirname(target));
      try {
        await rename(source, target);
        break;
      } catch (error) {
        if (!isMissing(error) || attempt >= 3 || !(await exists(source))) throw error;
      }
    }
    await syncDirectory(dirname(target));
  }

  /** mkdir -p, fsyncing the parent of every directory it creates, so a new key's path survives a crash too. */
  private async ensureDirectory(directory: string): Promise<void> {
    const created = await mkdir(directory, { recursive: true }).catch((error) => {
      throw unavailable(`cannot create ${directory}`, error);
    });
    if (created === undefined) return;
    for (let current = directory; ; current = dirname(current)) {
      await syncDirectory(dirname(current));
      if (current === created || dirname(current) === current) break;
    }
  }

  /** Removes directories a delete or move left empty, up to the root (best effort: a concurrent put may refill one). */
  private async pruneEmptyDirectories(directory: string): Promise<void> {
    for (let current = directory; current.startsWith(this.root + sep); current = dirname(current)) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
    }
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function unavailable(detail: string, cause: unknown): BlobStoreUnavailableError {
  if (cause instanceof BlobStoreUnavailableError) return cause;
  return new BlobStoreUnavailableError(`${detail}: ${(cause as Error)?.message ?? String(cause)}`, cause);
}
