/**
 * A signal of its own for one request, aborted when `own` or (Ctrl-C) `outer` is. Never one
 * of them itself: the SDK adds an abort listener per request to the signal it is given, so a
 * signal shared by the concurrent requests of `submit --batch --concurrency 10` would pass
 * Node's limit of 10 listeners and print a MaxListenersExceededWarning. AbortSignal.any adds no
 * listener to its sources (it is tracked by them weakly).
 */
export function eitherSignal(own: AbortSignal, outer?: AbortSignal): AbortSignal {
  return AbortSignal.any(outer ? [outer, own] : [own]);
}
