/**
 * Board registry: boards/<id>.json, validated on load. Every validation error names the file and the
 * field, so a hand-edited board file fails with a message the engineer can act on.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { WorkbenchError, fileError } from '../core/errors';
import type { BoardSpec, PowerRail, PortInfoLike, UsbMatch } from './board-spec';
import { repoRoot } from '../core/app-dirs';

export type { PortInfoLike, UsbMatch } from './board-spec';

/** boards/ at the repo root; FPGA_WORKBENCH_BOARDS_DIR overrides (packaged app, tests). */
export function boardsDir(): string {
  if (process.env.FPGA_WORKBENCH_BOARDS_DIR) return process.env.FPGA_WORKBENCH_BOARDS_DIR;
  return path.join(repoRoot(), 'boards');
}

const FAMILIES = ['zynq-7000', 'zynq-ultrascale+', 'kria', 'versal', 'alveo'] as const;
const DSP_TYPES = ['DSP48E1', 'DSP48E2', 'DSP58'] as const;
const GROUPS = ['PL', 'PS', 'MGT', 'board'] as const;
const HEX4 = /^[0-9a-f]{4}$/;

/** Parse and validate one board document. `file` is used only in error messages. */
export function validateBoard(doc: unknown, file: string): BoardSpec {
  const fail = (field: string, msg: string): never => {
    throw new WorkbenchError('E_SCHEMA', msg, { file, field });
  };
  const obj = (v: unknown, field: string): Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(field, 'expected an object');
  const str = (v: unknown, field: string): string => (typeof v === 'string' && v.length > 0 ? v : fail(field, 'expected a non-empty string'));
  const num = (v: unknown, field: string, min = 0): number =>
    typeof v === 'number' && Number.isFinite(v) && v >= min ? v : fail(field, `expected a number >= ${min}`);
  const int = (v: unknown, field: string): number => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fail(field, 'expected a non-negative integer'));
  const oneOf = <T extends string>(v: unknown, field: string, allowed: readonly T[]): T =>
    allowed.includes(v as T) ? (v as T) : fail(field, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);

  const d = obj(doc, '(root)');
  const id = str(d.id, 'id');
  const expectedId = path.basename(file, '.json');
  if (path.extname(file) === '.json' && id !== expectedId) fail('id', `id '${id}' must equal the file stem '${expectedId}'`);
  const res = obj(d.resources, 'resources');
  const clocks = obj(d.clocks, 'clocks');
  const mem = obj(d.memory, 'memory');
  const serial = obj(d.serial, 'serial');
  const power = obj(d.power, 'power');
  if (!Array.isArray(serial.usb)) fail('serial.usb', 'expected an array');
  if (!Array.isArray(power.rails)) fail('power.rails', 'expected an array');
  const prov = obj(d.provenance, 'provenance');
  for (const [k, v] of Object.entries(prov)) {
    if (typeof v !== 'string' || !/^[VCU]\b/.test(v)) fail(`provenance.${k}`, "expected a string starting with status V, C or U");
  }
  const defaultMHz = num(clocks.defaultMHz, 'clocks.defaultMHz', 1);
  const maxMHz = num(clocks.maxMHz, 'clocks.maxMHz', 1);
  if (maxMHz < defaultMHz) fail('clocks.maxMHz', `maxMHz ${maxMHz} is below defaultMHz ${defaultMHz}`);
  const railNames = new Set<string>();
  const rails: PowerRail[] = (power.rails as unknown[]).map((r, i) => {
    const f = `power.rails[${i}]`;
    const o = obj(r, f);
    const name = str(o.name, `${f}.name`);
    if (railNames.has(name)) fail(`${f}.name`, `duplicate rail name '${name}'`);
    railNames.add(name);
    const rail: PowerRail = { name, sensor: str(o.sensor, `${f}.sensor`), group: oneOf(o.group, `${f}.group`, GROUPS) };
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) fail(`${f}.name`, 'rail names may hold only letters, digits, _ . - (they travel in the serial protocol)');
    if (o.shuntMilliOhm !== undefined) rail.shuntMilliOhm = num(o.shuntMilliOhm, `${f}.shuntMilliOhm`);
    if (o.nominalVolts !== undefined) rail.nominalVolts = num(o.nominalVolts, `${f}.nominalVolts`);
    if (o.i2c !== undefined) rail.i2c = str(o.i2c, `${f}.i2c`);
    if (o.attr !== undefined) rail.attr = str(o.attr, `${f}.attr`);
    return rail;
  });
  const spec: BoardSpec = {
    id,
    name: str(d.name, 'name'),
    vendor: str(d.vendor, 'vendor'),
    family: oneOf(d.family, 'family', FAMILIES),
    part: str(d.part, 'part'),
    ...(d.boardPart !== undefined ? { boardPart: str(d.boardPart, 'boardPart') } : {}),
    resources: {
      lut: int(res.lut, 'resources.lut'),
      ff: int(res.ff, 'resources.ff'),
      dsp: int(res.dsp, 'resources.dsp'),
      bram18k: int(res.bram18k, 'resources.bram18k'),
      uram: int(res.uram, 'resources.uram'),
    },
    dspType: oneOf(d.dspType, 'dspType', DSP_TYPES),
    clocks: { defaultMHz, maxMHz },
    memory: {
      kind: str(mem.kind, 'memory.kind'),
      bytesPerSecond: num(mem.bytesPerSecond, 'memory.bytesPerSecond', 1),
      ...(mem.note !== undefined ? { note: str(mem.note, 'memory.note') } : {}),
    },
    serial: {
      usb: (serial.usb as unknown[]).map((u, i) => {
        const f = `serial.usb[${i}]`;
        const o = obj(u, f);
        const vendorId = str(o.vendorId, `${f}.vendorId`);
        const productId = str(o.productId, `${f}.productId`);
        if (!HEX4.test(vendorId)) fail(`${f}.vendorId`, 'expected 4 lower-case hex digits (as serialport reports it)');
        if (!HEX4.test(productId)) fail(`${f}.productId`, 'expected 4 lower-case hex digits (as serialport reports it)');
        return { vendorId, productId, chip: str(o.chip, `${f}.chip`), ...(o.iface !== undefined ? { iface: int(o.iface, `${f}.iface`) } : {}) };
      }),
      console: str(serial.console, 'serial.console'),
      baud: int(serial.baud, 'serial.baud'),
    },
    power: { rails, method: str(power.method, 'power.method') },
    provenance: prov as Record<string, string>,
    linux: typeof d.linux === 'boolean' ? d.linux : fail('linux', 'expected true or false'),
  };
  return spec;
}

export function loadBoardFile(file: string): BoardSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw fileError(`cannot read board file: ${(err as Error).message}`, { file }, err);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new WorkbenchError('E_FILE', `board file is not valid JSON: ${(err as Error).message}`, { file }, [], { cause: err });
  }
  return validateBoard(doc, file);
}

const cache = new Map<string, BoardSpec>();

/** Load boards/<id>.json (validated; cached per directory+id). */
export function loadBoard(id: string, dir = boardsDir()): BoardSpec {
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(id)) throw new WorkbenchError('E_INPUT', `invalid board id '${id}'`, { field: 'board' });
  const file = path.join(dir, `${id.toLowerCase()}.json`);
  const key = file;
  const hit = cache.get(key);
  if (hit) return hit;
  if (!existsSync(file)) {
    const known = listBoardIds(dir);
    throw new WorkbenchError('E_INPUT', `unknown board '${id}' (no ${file}); known boards: ${known.join(', ')}`, { field: 'board' });
  }
  const spec = loadBoardFile(file);
  cache.set(key, spec);
  return spec;
}

function listBoardIds(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  } catch {
    return [];
  }
}

/** Every board, validated (one bad file fails loudly rather than silently disappearing from the picker). */
export function listBoards(dir = boardsDir()): BoardSpec[] {
  return listBoardIds(dir).map((id) => loadBoard(id, dir));
}

/** Status letter of a provenance entry ('V' | 'C' | 'U'), or undefined if the field has none. */
export function provenanceStatus(spec: BoardSpec, field: string): 'V' | 'C' | 'U' | undefined {
  const v = spec.provenance[field];
  return v ? (v[0] as 'V' | 'C' | 'U') : undefined;
}



/** USB interface number of a port: from the Linux pnpId (`…-if01-port0`) or the macOS/Windows location suffix. */
export function usbInterface(p: PortInfoLike): number | undefined {
  const m = /-if(\d{2})/.exec(p.pnpId ?? '') ?? /[.:](\d+)$/.exec(p.locationId ?? '');
  return m ? Number.parseInt(m[1], 10) : undefined;
}

const portNumber = (p: string): number => {
  const m = /(\d+)$/.exec(p);
  return m ? Number.parseInt(m[1], 10) : Number.MAX_SAFE_INTEGER;
};

/**
 * Autodetect hints for one port. `siblings` (the whole SerialPort.list()) lets us find the lowest
 * interface of a multi-port bridge when the OS does not report interface numbers (CP2108: the lowest
 * interface is the PS UART0 console).
 */
export function matchUsb(port: PortInfoLike, siblings: PortInfoLike[] = [], boards: BoardSpec[] = listBoards()): UsbMatch[] {
  const vid = port.vendorId?.toLowerCase();
  const pid = port.productId?.toLowerCase();
  if (!vid || !pid) return [];
  const iface = usbInterface(port);
  const sameChip = siblings.filter(
    (s) => s.vendorId?.toLowerCase() === vid && s.productId?.toLowerCase() === pid && (port.serialNumber === undefined || s.serialNumber === port.serialNumber),
  );
  const xilinxEeprom = /xilinx/i.test(port.manufacturer ?? '');
  const out: UsbMatch[] = [];
  for (const b of boards) {
    for (const u of b.serial.usb) {
      if (u.vendorId !== vid || u.productId !== pid) continue;
      let isConsole: boolean;
      let how: string;
      if (u.iface === undefined) {
        isConsole = true;
        how = 'single-interface bridge';
      } else if (iface !== undefined) {
        isConsole = iface === u.iface;
        how = `interface ${iface}, console is interface ${u.iface}`;
      } else {
        // No interface number: rank this port among same-chip siblings by device number.
        const ranked = [...sameChip, ...(sameChip.some((s) => s.path === port.path) ? [] : [port])].sort((a, b2) => portNumber(a.path) - portNumber(b2.path));
        const rank = ranked.findIndex((s) => s.path === port.path);
        isConsole = rank === u.iface;
        how = `port ${rank} of ${ranked.length} on this bridge (no interface number reported), console is interface ${u.iface}`;
      }
      const unverified = provenanceStatus(b, 'serial') === 'U' || /unverified/i.test(u.chip);
      const confidence: UsbMatch['confidence'] = unverified ? 'low' : xilinxEeprom || vid === '10c4' || vid === '04b4' ? 'high' : 'medium';
      out.push({ boardId: b.id, boardName: b.name, console: isConsole, confidence, reason: `${vid}:${pid} ${u.chip}; ${how}${xilinxEeprom ? '; EEPROM manufacturer "Xilinx"' : ''}` });
    }
  }
  const rank = { high: 0, medium: 1, low: 2 };
  return out.sort((a, b) => Number(b.console) - Number(a.console) || rank[a.confidence] - rank[b.confidence] || a.boardId.localeCompare(b.boardId));
}
