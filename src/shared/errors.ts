// Error codes the UI can explain. Errors cross process boundaries as plain data.
export const errorCodes = [
  'VALIDATION', // an IPC/CLI argument failed its schema
  'NOT_FOUND', // a project, dataset, model or job id does not exist
  'BAD_FILE', // a file is malformed: wrong format, truncated, wrong shape/dtype
  'NOT_WRITABLE', // an output path's folder is missing, read-only or not ours to write
  'FORBIDDEN_GLOBAL', // a pickle references a global outside the allow-list
  'UNSUPPORTED', // a valid file or option this version cannot handle
  'PROJECT_VERSION', // project file written by a newer version
  'NOT_A_PROJECT', // SQLite file that is not an AMR Studio project, or not SQLite at all
  'CANCELLED', // the user cancelled a job
  'BACKEND', // a compute backend failed to load or run
  'JOB_FAILED', // a job process crashed or reported failure
  'CLUSTER', // a cluster's scheduler, or the connection to its login node, refused or failed
  'PROJECT_BUSY', // another process holds the project's write lock longer than we wait
  'READ_ONLY', // a file or folder cannot be written: read-only file system or database, or no permission
  'PATH_NOT_GRANTED', // the window sent a path that none of its file dialogs granted
  'INTERNAL', // a bug: anything else
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorData {
  code: ErrorCode;
  message: string;
}

/**
 * The longest message an error carries: a hostile file can make a description of itself
 * arbitrarily long, and a message is shown in a dialog and written to logs.
 */
export const maxErrorMessageLength = 2000;

/** The message cut to maxErrorMessageLength, saying how much was left out. */
export function boundedMessage(message: string): string {
  if (message.length <= maxErrorMessageLength) return message;
  return `${message.slice(0, maxErrorMessageLength)}… (${message.length - maxErrorMessageLength} more characters)`;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(boundedMessage(message));
    this.name = 'AppError';
    this.code = code;
  }
  toData(): ErrorData {
    return { code: this.code, message: this.message };
  }
}

/** System and SQLite failures that have a sentence of their own instead of INTERNAL. */
const knownFailures: Record<string, { code: ErrorCode; sentence: string }> = {
  SQLITE_BUSY: { code: 'PROJECT_BUSY', sentence: 'the project is busy: another process is writing to it; try again when it has finished' },
  SQLITE_LOCKED: { code: 'PROJECT_BUSY', sentence: 'the project is busy: another process is writing to it; try again when it has finished' },
  SQLITE_READONLY: { code: 'READ_ONLY', sentence: 'the project cannot be written (read-only file, folder or file system); open it read-only or copy it somewhere writable' },
  EROFS: { code: 'READ_ONLY', sentence: 'the file system is read-only; choose a writable place' },
  EACCES: { code: 'READ_ONLY', sentence: 'permission denied; choose a place you may write to' },
  EPERM: { code: 'READ_ONLY', sentence: 'the operation is not permitted here; choose another place' },
};

function knownFailure(err: unknown): ErrorData | null {
  if (!(err instanceof Error) || !('code' in err)) return null;
  const raw = String((err as { code: unknown }).code);
  const known = knownFailures[raw] ?? knownFailures[raw.replace(/_[A-Z]+$/, '')];
  if (!known) return null;
  const path = 'path' in err && typeof err.path === 'string' ? `${err.path}: ` : '';
  return { code: known.code, message: boundedMessage(`${path}${known.sentence} (${err.message})`) };
}

export function toErrorData(err: unknown): ErrorData {
  if (err instanceof AppError) return err.toData();
  const known = knownFailure(err);
  if (known) return known;
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const code = String((err as { code: unknown }).code);
    if ((errorCodes as readonly string[]).includes(code)) {
      return { code: code as ErrorCode, message: boundedMessage(String((err as { message: unknown }).message)) };
    }
  }
  return { code: 'INTERNAL', message: boundedMessage(err instanceof Error ? err.message : String(err)) };
}

/** Envelope every IPC result travels in, so errors keep their code across processes. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };
