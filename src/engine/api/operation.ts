/** One API operation: takes the parsed JSON request, returns the JSON response or throws ApiError. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Operation = (request: any) => unknown | Promise<unknown>;

export type OperationTable = Record<string, Operation>;
