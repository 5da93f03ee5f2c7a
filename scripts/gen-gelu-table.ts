// Regenerates hls/gelu_table.h from src-main/codegen/approx.ts (a unit test checks they match).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderGeluTableHeader } from '../src-main/codegen/approx';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(path.join(root, 'hls', 'gelu_table.h'), renderGeluTableHeader());
