import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every byte the CLI writes to stdout goes through the printer (src/lib/output/printer.ts), so the
// JSON and human shapes cannot drift apart. This finds any other way out to stdout in the CLI's code.

const ROOT = join(import.meta.dirname, '../..');
const PRINTER = 'src/lib/output/printer.ts';
const STDOUT_WRITES = /process\.stdout\.write|console\.log|ux\.stdout|\bthis\.log\(|\bthis\.logJson\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('stdout', () => {
  it('is written only by the printer in the commands and src/lib', () => {
    const files = [
      join(ROOT, 'src/base-command.ts'),
      join(ROOT, 'src/direct.ts'),
      ...sourceFiles(join(ROOT, 'src/commands')),
      ...sourceFiles(join(ROOT, 'src/lib')),
    ];
    const offenders = files
      .map((file) => relative(ROOT, file))
      .filter((file) => file !== PRINTER)
      .flatMap((file) =>
        readFileSync(join(ROOT, file), 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
          .filter(({ line }) => STDOUT_WRITES.test(line) && !/^\s*(\/\/|\*)/.test(line)),
      )
      .map(({ where, line }) => `${where}: ${line.trim()}`);
    expect(files.length).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });
});
