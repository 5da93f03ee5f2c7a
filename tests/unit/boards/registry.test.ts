import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listBoards, loadBoard, matchUsb, validateBoard, loadBoardFile, provenanceStatus, usbInterface } from '../../../src-main/boards/registry';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const boardsData = readFileSync(path.resolve(repoRoot, '..', 'shared', 'boards-data.md'), 'utf8');

describe('board registry', () => {
  it('loads every Linux board listed in boards-data.md', () => {
    const ids = listBoards().map((b) => b.id);
    for (const id of ['zcu102', 'zcu104', 'zcu106', 'kv260', 'kr260', 'ultra96v2', 'pynq-z1', 'pynq-z2', 'zedboard', 'vck190']) expect(ids).toContain(id);
    for (const b of listBoards()) expect(b.linux).toBe(true);
  });

  it('parts and LUT counts agree with the table in boards-data.md', () => {
    for (const b of listBoards()) {
      if (b.id === 'kr260') continue; // not in boards-data (same K26 SOM as KV260)
      const row = boardsData.split('\n').find((l) => l.includes('`' + b.part + '`'));
      expect(row, b.id).toBeDefined();
      const lut = b.resources.lut.toLocaleString('en-US');
      expect(row!, b.id).toContain(`| ${lut} |`);
      expect(row!).toContain(`${b.resources.bram18k.toLocaleString('en-US')})`);
    }
  });

  it('ZCU102 has the 18 INA226 rails grouped as AMD groups them', () => {
    const z = loadBoard('zcu102');
    expect(z.power.rails).toHaveLength(18);
    const group = (g: string) => z.power.rails.filter((r) => r.group === g).map((r) => r.name).sort();
    expect(group('PL')).toEqual(['VCC1V2', 'VCC3V3', 'VCCAUX', 'VCCBRAM', 'VCCINT']);
    expect(group('MGT')).toEqual(['MGTAVCC', 'MGTAVTT', 'MGTRAVCC', 'MGTRAVTT']);
    expect(group('PS')).toHaveLength(8);
    const vccint = z.power.rails.find((r) => r.name === 'VCCINT')!;
    expect(vccint.sensor).toBe('ina226_u79');
    expect(vccint.shuntMilliOhm).toBe(2);
    // every sensor name of the ZCU102 map appears in boards-data.md
    for (const r of z.power.rails) expect(boardsData).toContain(r.sensor);
  });

  it('KR260 marks its carrier facts as unverified', () => {
    const k = loadBoard('kr260');
    expect(provenanceStatus(k, 'serial')).toBe('U');
    expect(provenanceStatus(k, 'power')).toBe('U');
    expect(k.part).toBe(loadBoard('kv260').part);
  });

  it('validation errors name the file and the field', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'boards-'));
    const good = JSON.parse(readFileSync(path.join(repoRoot, 'boards', 'zcu102.json'), 'utf8'));
    const bad = { ...good, id: 'broken', resources: { ...good.resources, dsp: 'many' } };
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(bad));
    expect(() => loadBoardFile(file)).toThrow(/broken\.json.*field 'resources\.dsp'/);
    expect(() => validateBoard({ ...good, power: { ...good.power, rails: [{ name: 'X', sensor: 's', group: 'GPU' }] } }, 'zcu102.json')).toThrow(
      /field 'power\.rails\[0\]\.group'/,
    );
    expect(() => validateBoard({ ...good, provenance: { part: 'maybe' } }, 'zcu102.json')).toThrow(/provenance\.part/);
    writeFileSync(path.join(dir, 'nojson.json'), '{ nope');
    expect(() => loadBoard('nojson', dir)).toThrow(/nojson\.json.*not valid JSON/);
    expect(() => loadBoard('zcu999')).toThrow(/unknown board 'zcu999'.*zcu102/);
  });

  it('matchUsb: CP2108 console is the lowest interface', () => {
    const ports = [0, 1, 2, 3].map((i) => ({ path: `/dev/ttyUSB${i + 4}`, vendorId: '10c4', productId: 'ea71', serialNumber: 'A1', pnpId: `usb-Silicon_Labs_CP2108-if0${i}-port0` }));
    expect(usbInterface(ports[2])).toBe(2);
    const m0 = matchUsb(ports[0], ports);
    expect(m0.map((m) => m.boardId).sort()).toEqual(['zcu102', 'zcu106']);
    expect(m0.every((m) => m.console)).toBe(true);
    expect(matchUsb(ports[1], ports).every((m) => !m.console)).toBe(true);
    // without pnpId the rank among siblings decides
    const bare = ports.map(({ pnpId: _p, ...rest }) => rest);
    expect(matchUsb(bare[0], bare)[0].console).toBe(true);
    expect(matchUsb(bare[3], bare)[0].console).toBe(false);
  });

  it('matchUsb: FTDI interface 0 is JTAG, 1 is the console; Xilinx EEPROM raises confidence', () => {
    const jtag = { path: '/dev/ttyUSB0', vendorId: '0403', productId: '6010', pnpId: 'usb-FTDI-if00-port0' };
    const uart = { path: '/dev/ttyUSB1', vendorId: '0403', productId: '6010', pnpId: 'usb-FTDI-if01-port0' };
    expect(matchUsb(jtag, [jtag, uart]).some((m) => m.console)).toBe(false);
    const m = matchUsb(uart, [jtag, uart]);
    expect(m.find((x) => x.boardId === 'pynq-z1')?.console).toBe(true);
    expect(m.find((x) => x.boardId === 'pynq-z1')?.confidence).toBe('medium');
    const x = matchUsb({ ...uart, manufacturer: 'Xilinx' }, [jtag, uart]);
    expect(x.find((q) => q.boardId === 'pynq-z1')?.confidence).toBe('high');
    expect(matchUsb({ path: '/dev/ttyS0' })).toEqual([]);
  });
});

import { boardAgentArgs } from '../../../src-main/measure/agent-args';

describe('agent command line from a board file', () => {
  it('maps every rail, and uses the I2C device only where it is a Linux bus-address name', () => {
    const z = boardAgentArgs(loadBoard('zcu102'));
    expect(z.filter((a) => a === '--rail')).toHaveLength(18);
    expect(z).toContain('VCCINT=ina226_u79');
    const u = boardAgentArgs(loadBoard('ultra96v2'), { backend: 'devmem', devmem: '0xB0000000' });
    expect(u).toContain('VCCINT=irps5401@6-0043:power4');
    expect(u.slice(0, 6)).toEqual(['--board', 'ultra96v2', '--backend', 'devmem', '--devmem', '0xB0000000']);
    expect(boardAgentArgs(loadBoard('pynq-z1'))).not.toContain('--rail');
  });
});
