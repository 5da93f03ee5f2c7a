import path from 'node:path';
import type { Command } from 'commander';
import { repoRoot } from '../core/app-dirs';
import { startServer } from '../server';

export function register(program: Command): void {
  program
    .command('serve')
    .description('start the headless lab server: the workbench UI in your browser, API over an authenticated loopback WebSocket')
    .option('--host <host>', 'address to listen on (loopback only unless --allow-remote)', '127.0.0.1')
    .option('--port <port>', 'port (default: a free one)', (v) => parsePort(v), 0)
    .option('--allow-remote', 'allow a non-loopback --host (anyone who can reach it still needs the token)', false)
    .option('--no-build', 'do not build the renderer first')
    .action(async (o: { host: string; port: number; allowRemote: boolean; build: boolean }) => {
      if (o.build) {
        // Build the renderer if its sources are newer than the bundle.
        const lib = (await import(path.join(repoRoot(), 'scripts', 'build-lib.mjs'))) as { ensureBuilt: (o?: { quiet?: boolean }) => void };
        lib.ensureBuilt({ quiet: true });
      }
      if (o.allowRemote && !['127.0.0.1', '::1', 'localhost'].includes(o.host)) {
        process.stderr.write(`warning: listening on ${o.host}, reachable from the network; keep the token secret\n`);
      }
      const srv = await startServer({ host: o.host, port: o.port, allowRemote: o.allowRemote, rendererDir: path.join(repoRoot(), 'out', 'renderer') });
      process.stdout.write(`fpga-workbench lab server: ${srv.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void srv.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be an integer in 0..65535, got '${v}'`);
  return n;
}
