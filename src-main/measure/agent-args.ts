/**
 * The fw-agent command line for a real board, from its boards/<id>.json: what the UI shows as
 * "run this on the board". Rails map to `--rail NAME=SENSOR[@BUS-ADDR][:ATTR]`; the bus part is only
 * passed when the board file gives a Linux I2C device name (e.g. '6-0043'), which is what the agent
 * matches against the hwmon device path.
 */
import type { BoardSpec } from '../boards/board-spec';

export interface AgentArgsOptions {
  backend?: 'uio' | 'devmem' | 'xrt';
  uio?: string;
  devmem?: string;
  /** path of the agent binary on the board */
  binary?: string;
}

export function boardAgentArgs(board: BoardSpec, opts: AgentArgsOptions = {}): string[] {
  const backend = opts.backend ?? 'uio';
  const args = ['--board', board.id, '--backend', backend];
  if (backend === 'uio') args.push('--uio', opts.uio ?? '/dev/uio0');
  if (backend === 'devmem') args.push('--devmem', opts.devmem ?? '0xA0000000');
  for (const r of board.power.rails) {
    const bus = r.i2c && /^\d+-[0-9a-f]{4}$/.test(r.i2c) ? `@${r.i2c}` : '';
    const attr = r.attr && r.attr !== 'power1' ? `:${r.attr}` : '';
    args.push('--rail', `${r.name}=${r.sensor}${bus}${attr}`);
  }
  return args;
}

/** One shell line for display (arguments hold no spaces or quotes by construction of the board files). */
export const boardAgentCommand = (board: BoardSpec, opts: AgentArgsOptions = {}): string =>
  [opts.binary ?? './fw-agent', ...boardAgentArgs(board, opts)].join(' ');
