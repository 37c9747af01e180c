import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FunctionCodeStore, InvalidZipError } from '../../../src/engine/lambda/function-code.js';

// Uploaded function code: unpacked once per zip, and a Handler setting resolved inside it only.

let root: string;
let store: FunctionCodeStore;

const zip = (files: Record<string, string>) =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'taskctl-code-'));
  store = new FunctionCodeStore(root);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('FunctionCodeStore', () => {
  it('unpacks a zip under its SHA-256 and reports the hash as Lambda does', async () => {
    const bytes = zip({
      'index.mjs': 'export const handler = () => 1;',
      'lib/util.js': 'module.exports = 2;',
    });
    const stored = await store.put(bytes);
    expect(stored).toEqual({
      codeSha256: createHash('sha256').update(bytes).digest('base64'),
      codeSize: bytes.length,
    });
    const dir = store.dirFor(stored.codeSha256);
    expect(readFileSync(join(dir, 'lib/util.js'), 'utf8')).toBe('module.exports = 2;');
    expect(readFileSync(store.zipFor(stored.codeSha256))).toEqual(bytes);
    // The same bytes again: same hash, nothing unpacked twice.
    expect(await store.put(bytes)).toEqual(stored);
  });

  it('rejects what is not a zip, and entries that would land outside the package', async () => {
    await expect(store.put(Buffer.from('not a zip'))).rejects.toBeInstanceOf(InvalidZipError);
    await expect(store.put(zip({ '../outside.js': 'x' }))).rejects.toBeInstanceOf(InvalidZipError);
    await expect(store.put(zip({ 'a/../../outside.js': 'x' }))).rejects.toBeInstanceOf(InvalidZipError);
    expect(existsSync(join(root, '..', 'outside.js'))).toBe(false);
  });

  it('resolves Handler settings to a module and export, as Lambda reads them', async () => {
    const { codeSha256 } = await store.put(
      zip({ 'index.js': '', 'src/app.mjs': '', 'src/nested/deep.cjs': '' }),
    );
    const dir = store.dirFor(codeSha256);
    expect(await store.resolve(codeSha256, 'index.handler')).toMatchObject({
      path: join(dir, 'index.js'),
      exportName: 'handler',
      taskRoot: dir,
    });
    expect(await store.resolve(codeSha256, 'src/app.main')).toMatchObject({
      path: join(dir, 'src/app.mjs'),
      exportName: 'main',
    });
    expect(await store.resolve(codeSha256, 'src/nested/deep.a.b')).toMatchObject({
      path: join(dir, 'src/nested/deep.cjs'),
      exportName: 'a.b',
    });
    // Missing modules resolve to a path that does not exist (the invocation then fails to import it),
    // never to a file outside the package.
    const missing = await store.resolve(codeSha256, 'nothere.handler');
    expect(existsSync(missing.path)).toBe(false);
    const escaping = await store.resolve(codeSha256, '../../etc/passwd.handler');
    expect(escaping.path.startsWith(dir)).toBe(true);
    expect(existsSync(escaping.path)).toBe(false);
  });
});
