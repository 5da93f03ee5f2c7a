import type { Command } from 'commander';

/**
 * One line per subcommand module. Each module exports `register(program: Command): void`.
 * Keep this list sorted; add your module here.
 */
const modules: Array<() => Promise<{ register: (p: Command) => void }>> = [
  () => import('./boards'),
  () => import('./build'),
  () => import('./csim'),
  () => import('./doctor'),
  () => import('./estimate'),
  () => import('./explore'),
  () => import('./generate'),
  () => import('./import'),
  () => import('./measure'),
  () => import('./reference'),
  () => import('./report'),
  () => import('./serve'),
  () => import('./tools'),
];

export async function registerAll(program: Command): Promise<void> {
  for (const load of modules) (await load()).register(program);
}
