// An error inside the pickle data, raised without knowing the file name or byte offset;
// the unpickler adds both before it reaches the user as an AppError.
import type { ErrorCode } from '../../../../shared/errors.ts';

export class PickleFormatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PickleFormatError';
  }
}

export function bad(message: string): PickleFormatError {
  return new PickleFormatError('BAD_FILE', message);
}
