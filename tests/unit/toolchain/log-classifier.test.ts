// Expected counts and line numbers were read by hand (grep -n on the fixture files).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../../helpers/paths';
import { classifyLine, classifyLog, firstErrors, stripAnsi } from '../../../src-main/toolchain/log-classifier';

const FX = path.join(sharedDir, 'fixtures', 'reports');
const read = (rel: string) => readFileSync(path.join(FX, rel), 'latin1');

describe('log classifier', () => {
  it('parses severity, id and text', () => {
    expect(classifyLine("CRITICAL WARNING: [Timing 38-282] The design failed to meet the timing requirements.", 7)).toEqual({
      severity: 'CRITICAL WARNING', subsystem: 'Timing', id: 'Timing 38-282', text: 'The design failed to meet the timing requirements.', line: 7,
    });
    expect(classifyLine('ERROR: [vitis-run 60-791] x', 1)?.subsystem).toBe('vitis-run');
    expect(classifyLine('   Compiling foo.cpp', 1)).toBeUndefined();
    expect(classifyLine('make: *** [obj/example.o] Error 1', 1)).toBeUndefined();
  });
  it('strips ANSI escapes and prompt redraws', () => {
    expect(stripAnsi('\x1b[2Kvitis_hls> \x1b[11Cq')).toBe('vitis_hls> q');
    expect(classifyLine('\x1b[2K\r\rvitis_hls> \r\x1b[11CERROR: [SIM 211-100] failed', 3)?.id).toBe('SIM 211-100');
  });
  it('Vitis HLS 2021.1 csim FAILED: 1 error (line 49), 2 warnings (lines 16, 25)', () => {
    const s = classifyLog(read('vitis-hls-2021.1-xilinx-free-running-csim-FAILED/vitis_hls.log'));
    expect(s.counts).toEqual({ error: 1, criticalWarning: 0, warning: 2 });
    expect(s.messages.map((m) => m.line)).toEqual([16, 25, 49]);
    expect(firstErrors(read('vitis-hls-2021.1-xilinx-free-running-csim-FAILED/vitis_hls.log'))[0]).toMatchObject({ line: 49, id: 'SIM 211-100', text: "'csim_design' failed: compilation error(s)." });
  });
  it('Vitis HLS 2023.1 interactive log with escapes: 2 errors (82, 153), 5 warnings', () => {
    const s = classifyLog(read('vitis-hls-2023.1-dphls-csim-FAILED/vitis_hls.log'));
    expect(s.counts).toEqual({ error: 2, criticalWarning: 0, warning: 5 });
    expect(s.byId.find((x) => x.id === 'HLS 200-40')?.count).toBe(5);
  });
  it('Vivado 2023.1 GUI log: 29 warnings, 16 of them Board 49-26', () => {
    const s = classifyLog(read('vivado-2023.1-dphls-gui-session/vivado.log'));
    expect(s.counts).toEqual({ error: 0, criticalWarning: 0, warning: 29 });
    expect(s.byId[0]).toEqual({ id: 'Board 49-26', severity: 'WARNING', count: 16 });
  });
  it('Vivado 2021.1 impl run (.vdi): one warning, Place 46-29 on line 216', () => {
    const s = classifyLog(read('vivado-2021.1-ebaz4205-zynq7010-impl/design_1_wrapper.vdi'));
    expect(s.counts).toEqual({ error: 0, criticalWarning: 0, warning: 1 });
    expect(s.messages[0]).toMatchObject({ line: 216, id: 'Place 46-29' });
  });
});
