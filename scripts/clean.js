// Removes build output so deleted sources never linger in dist/ or the manifest.
import { rmSync } from 'node:fs';

for (const path of ['dist', 'oclif.manifest.json']) rmSync(path, { recursive: true, force: true });
