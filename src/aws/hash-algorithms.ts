/**
 * The algorithms States.Hash and JSONata's $hash accept, by the name a definition uses, with
 * Node's name for each ("Intrinsic functions": States.Hash; "JSONata functions provided by
 * Step Functions": $hash).
 */
export const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};
