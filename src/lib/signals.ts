/** `own`, or, when the caller passed a signal too (Ctrl-C), whichever of the two aborts first. */
export function eitherSignal(own: AbortSignal, outer?: AbortSignal): AbortSignal {
  return outer ? AbortSignal.any([outer, own]) : own;
}
