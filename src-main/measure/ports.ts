/**
 * Serial ports: listing with board autodetect hints, and opening with errors an engineer can act on.
 * A manual path is always accepted: pseudo-terminals (the emulator) and some adapters are never listed.
 */
import { promises as fs, constants as fsc } from 'node:fs';
import { SerialPort } from 'serialport';
import { WorkbenchError } from '../core/errors';
import { listBoards, matchUsb, type PortInfoLike } from '../boards/registry';
import type { PortEntry } from './types';

export type { PortEntry } from './types';


export async function listPorts(): Promise<PortEntry[]> {
  let ports: PortInfoLike[];
  try {
    ports = (await SerialPort.list()) as PortInfoLike[];
  } catch (err) {
    throw new WorkbenchError('E_PORT', `cannot list serial ports: ${(err as Error).message} (enter the port path by hand)`);
  }
  const boards = listBoards();
  return ports.map((p) => ({ ...p, matches: matchUsb(p, ports, boards) }));
}

export type OpenFailure = 'permission' | 'busy' | 'missing' | 'not-a-tty' | 'other';

/** Classify an open() failure from its errno code or, for serialport's native binding, its message. */
export function classifyOpenError(err: unknown): OpenFailure {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  const msg = e?.message ?? String(err);
  if (code === 'EACCES' || code === 'EPERM' || /permission denied|EACCES|operation not permitted/i.test(msg)) return 'permission';
  if (code === 'EBUSY' || code === 'EAGAIN' || /cannot lock port|resource temporarily unavailable|device or resource busy|EBUSY|locked/i.test(msg))
    return 'busy';
  if (code === 'ENOENT' || code === 'ENXIO' || code === 'ENODEV' || /no such file|no such device|ENOENT|ENXIO/i.test(msg)) return 'missing';
  if (code === 'ENOTTY' || /inappropriate ioctl|ENOTTY/i.test(msg)) return 'not-a-tty';
  return 'other';
}

/** The user-facing error for a failed open of `path`. */
export function openError(path: string, err: unknown): WorkbenchError {
  const raw = (err as Error)?.message ?? String(err);
  const kind = classifyOpenError(err);
  const user = process.env.USER || process.env.LOGNAME || 'your user';
  const msg =
    kind === 'permission'
      ? `permission denied opening ${path}: add ${user} to the dialout group (sudo usermod -aG dialout ${user}, then log out and in again), or check the device's owner/mode (ls -l ${path})`
      : kind === 'busy'
        ? `${path} is busy: another program holds it (a terminal such as screen/minicom/picocom, hw_server, or another workbench session); close it and retry`
        : kind === 'missing'
          ? `${path} does not exist: is the board powered and its USB cable plugged in? (for the emulator, use the path emulate-board printed)`
          : kind === 'not-a-tty'
            ? `${path} is not a serial port (not a tty)`
            : `cannot open ${path}: ${raw}`;
  return new WorkbenchError('E_PORT', msg, { port: path }, kind === 'other' ? [] : [raw], { cause: err });
}

/**
 * Open a serial port (raw, 8N1). Pre-checks with access() so the common failures carry their errno
 * even where the native binding only gives a message.
 */
export async function openPort(path: string, baudRate = 115200): Promise<SerialPort> {
  try {
    await fs.access(path, fsc.R_OK | fsc.W_OK);
  } catch (err) {
    throw openError(path, err);
  }
  const port = new SerialPort({ path, baudRate, autoOpen: false, lock: true, hupcl: false });
  await new Promise<void>((resolve, reject) => {
    port.open((err) => (err ? reject(openError(path, err)) : resolve()));
  });
  return port;
}
