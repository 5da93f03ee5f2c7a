import type { Command } from 'commander';
import { listBoards, provenanceStatus } from '../boards/registry';
import { listPorts } from '../measure/ports';

/** `boards` (the registry) and `ports` (serial ports with board hints). */
export function register(program: Command): void {
  program
    .command('boards')
    .description('list the boards in boards/*.json (validated): part, resources, clock, console, power rails')
    .option('--json', 'machine-readable output')
    .action((o: { json?: boolean }) => {
      const boards = listBoards();
      if (o.json) {
        process.stdout.write(JSON.stringify(boards, null, 2) + '\n');
        return;
      }
      for (const b of boards) {
        const r = b.resources;
        const unverified = Object.entries(b.provenance).filter(([, v]) => v.startsWith('U')).map(([k]) => k);
        process.stdout.write(
          `${b.id.padEnd(10)} ${b.name.padEnd(16)} ${b.part.padEnd(26)} LUT ${r.lut} FF ${r.ff} DSP ${r.dsp} (${b.dspType}) BRAM18K ${r.bram18k} URAM ${r.uram}  ${b.clocks.defaultMHz} MHz  ` +
            `console ${b.serial.console}@${b.serial.baud}  rails ${b.power.rails.length}` +
            `${provenanceStatus(b, 'part') ? ` [part ${provenanceStatus(b, 'part')}]` : ''}${unverified.length ? `  unverified: ${unverified.join(', ')}` : ''}\n`,
        );
      }
    });

  program
    .command('ports')
    .description('list serial ports with board autodetect hints (pseudo-terminals are never listed: pass their path to measure --port)')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const ports = await listPorts();
      if (o.json) {
        process.stdout.write(JSON.stringify(ports, null, 2) + '\n');
        return;
      }
      if (!ports.length) process.stdout.write('no serial ports listed (a pty or an unlisted adapter can still be given by path)\n');
      for (const p of ports) {
        const id = p.vendorId ? `${p.vendorId}:${p.productId}` : '-';
        const best = p.matches[0];
        process.stdout.write(
          `${p.path.padEnd(16)} ${id.padEnd(10)} ${(p.manufacturer ?? '').padEnd(14)} ${best ? `${best.console ? 'console of' : 'not the console of'} ${p.matches.filter((m) => m.console === best.console).map((m) => m.boardName).join(' / ')} (${best.confidence}: ${best.reason})` : ''}\n`,
        );
      }
    });
}
