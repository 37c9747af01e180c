// errorhandling/lambdafunctions/large_output_string.py: returns 257 KiB of "a", past the 256 KiB payload limit.
export const handler = async () => 'a'.repeat(257 * 1024);
