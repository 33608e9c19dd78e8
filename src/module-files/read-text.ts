/**
 * The one way a module file, an answers file or a metadata file is read from disk: only a
 * regular file (a FIFO would block, a device never ends), never more than a stated size,
 * and every refusal a UserError that names the file and the rule.
 *
 * The file is opened with O_NONBLOCK (so opening a FIFO returns at once instead of waiting
 * for a writer) and then judged by fstat on that same descriptor: what is checked is what is
 * read, also through a symlink.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { UserError } from '../errors.js';

/** `not-a-file`: a FIFO, a device or a socket. */
export type ReadRefusal = 'missing' | 'directory' | 'not-a-file' | 'too-big' | 'unreadable';

export class ModuleFileError extends UserError {
  constructor(
    readonly reason: ReadRefusal,
    /** The file as the user should see it. */
    readonly shown: string,
    message: string,
    hint?: string,
  ) {
    super(message, hint);
  }
}

/** What a reader gives: a value with the 1-based line it is on, for findings. */
export interface Located<T> {
  value: T;
  line: number;
}

export interface ReadOptions {
  /** The most bytes read; a bigger file is refused. */
  maxBytes: number;
  /** The path as messages show it (default: the path). */
  shown?: string;
  /** What the file is, for messages ("the answers file"); default "the file". */
  what?: string;
}

/** `1 MiB`, `64 KiB`: a limit as messages say it. */
function showBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The refusal for a file that is too big, also for text that did not come from disk (a git blob). */
export function tooBig(shown: string, options: ReadOptions): ModuleFileError {
  const limit = showBytes(options.maxBytes);
  return new ModuleFileError(
    'too-big',
    shown,
    `${shown} is larger than ${limit}, the limit for ${options.what ?? 'this file'}: it is not read.`,
    'Check that this is the right file.',
  );
}

/** The bytes of a regular file of at most `maxBytes`; throws ModuleFileError otherwise. */
export function readModuleBytes(path: string, options: ReadOptions): Buffer {
  const shown = options.shown ?? path;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw openError(error as NodeJS.ErrnoException, shown);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new ModuleFileError(
        stats.isDirectory() ? 'directory' : 'not-a-file',
        shown,
        `${shown} is ${kindOf(stats)}: only regular files are read.`,
        'Name a regular file.',
      );
    }
    if (stats.size > options.maxBytes) throw tooBig(shown, options);
    // Read to the end, one byte past the limit at most: a file may hold more than fstat said (/proc, a growing file).
    const buffer = Buffer.allocUnsafe(options.maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return buffer.subarray(0, length);
      length += read;
      if (length > options.maxBytes) throw tooBig(shown, options);
    }
  } catch (error) {
    if (error instanceof ModuleFileError) throw error;
    throw openError(error as NodeJS.ErrnoException, shown);
  } finally {
    closeSync(fd);
  }
}

function openError(error: NodeJS.ErrnoException, shown: string): ModuleFileError | Error {
  switch (error.code) {
    case 'ENOENT':
      return new ModuleFileError('missing', shown, `${shown} does not exist.`);
    case 'ENOTDIR':
      return new ModuleFileError('unreadable', shown, `${shown} cannot be read: a part of its path is a file, not a directory.`);
    case 'EACCES':
    case 'EPERM':
      return new ModuleFileError(
        'unreadable',
        shown,
        `${shown} cannot be read: permission denied.`,
        `Check its permissions (ls -l ${shown}).`,
      );
    case 'EISDIR':
      return new ModuleFileError('directory', shown, `${shown} is a directory: only regular files are read.`, 'Name a regular file.');
    case 'ENXIO':
      // Opening a socket (or a device with nothing behind it) fails before fstat can say what it is.
      return new ModuleFileError(
        'not-a-file',
        shown,
        `${shown} is a socket or a device: only regular files are read.`,
        'Name a regular file.',
      );
    case 'ELOOP':
      return new ModuleFileError('unreadable', shown, `${shown} cannot be read: too many levels of symbolic links.`);
    default:
      if (error.code) return new ModuleFileError('unreadable', shown, `${shown} cannot be read: ${error.message}`);
      return error;
  }
}

/** The text (UTF-8) of a regular file of at most `maxBytes`; throws ModuleFileError otherwise. */
export function readModuleText(path: string, options: ReadOptions): string {
  return readModuleBytes(path, options).toString('utf8');
}

/** As readModuleText, but undefined when the file does not exist. */
export function readOptionalModuleText(path: string, options: ReadOptions): string | undefined {
  try {
    return readModuleText(path, options);
  } catch (error) {
    if (error instanceof ModuleFileError && error.reason === 'missing') return undefined;
    throw error;
  }
}
