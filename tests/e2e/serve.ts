import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../helpers/paths';

export interface ServeProcess { url: string; origin: string; token: string; child: ChildProcess; stop(): Promise<void> }

/** Start `fpga-workbench serve` as a user would (a child process) and read the URL it prints. */
export function startServe(env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'fpga-workbench.mjs'), 'serve', '--port', '0'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print a URL in time\n${out}\n${err}`)), 120_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[0], origin: m[1], token: m[2], child,
          stop: () => new Promise((res) => { child.once('exit', () => res()); child.kill('SIGTERM'); }),
        });
      }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code}\n${out}\n${err}`)); });
  });
}
