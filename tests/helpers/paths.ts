import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, and ../shared beside it (CI clones elsewhere: never hard-code /work). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
