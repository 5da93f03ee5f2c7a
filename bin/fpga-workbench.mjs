#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx fpga-workbench` works right after `npm install`
// with no build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

register();
const here = path.dirname(fileURLToPath(import.meta.url));
const { main } = await import(pathToFileURL(path.join(here, '..', 'src-main', 'cli.ts')).href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
