import * as Args from '@oclif/core/args';

/** TOKEN of `taskctl task succeed|fail|heartbeat`. */
export const tokenArg = Args.string({
  description: 'the task token, or - to read tokens from stdin (one per line)',
  required: true,
  // Else oclif reads a missing TOKEN from piped stdin, which `-` reads itself.
  ignoreStdin: true,
});
