/**
 * A service error as the AWS JSON protocols send it: HTTP 400 (unless stated) with
 * `{"__type": name, "message": ...}`. `name` is the AWS error name, e.g. ExecutionDoesNotExist.
 */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const validation = (message: string) => new ApiError('ValidationException', message);
