// Every expected number below was read by hand from the fixture file named beside it (opened in an
// editor / with sed), not produced by the parsers.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, sharedDir } from '../../helpers/paths';
import { WorkbenchError } from '../../../src-main/core/errors';
import { parseCsynthXml } from '../../../src-main/toolchain/parsers/csynth-xml';
import { parseCsynthReport } from '../../../src-main/toolchain/parsers/csynth-report';
import { parseExportReport } from '../../../src-main/toolchain/parsers/export-report';
import { parseUtilizationReport } from '../../../src-main/toolchain/parsers/utilization-report';
import { parseTimingReport } from '../../../src-main/toolchain/parsers/timing-report';
import { parsePowerReport } from '../../../src-main/toolchain/parsers/power-report';
import { parseHlsLog } from '../../../src-main/toolchain/parsers/hls-log';
import { detectReport, parseReportText } from '../../../src-main/toolchain/parsers/report-detect';

const FX = path.join(sharedDir, 'fixtures', 'reports');
const read = (rel: string) => readFileSync(path.join(FX, rel), 'latin1');
const synthetic = (name: string) => readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'toolchain', name), 'utf8');

describe('every fixture parses with the parser report-detect picks', () => {
  const known = /\.(xml|rpt|log|vdi)$/;
  const skip = new Set(['vivado_hls.app', 'runme.sh', 'design_1_wrapper_route_status.rpt', 'design_1_wrapper.vdi', 'vivado.log']);
  const files = readdirSync(FX, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(path.join(FX, d.name)).map((f) => `${d.name}/${f}`))
    .filter((f) => known.test(f) && !skip.has(path.basename(f)) && !/_csim\.log$/.test(f));
  it('finds the fixtures', () => expect(files.length).toBeGreaterThanOrEqual(25));
  for (const f of files) {
    it(f, () => {
      const r = parseReportText(read(f), f);
      expect(r.toolVersion).toMatch(/^20\d\d\.\d/);
      // A log without csynth has no Fmax: its verdicts are in the typed fields, not in figures.
      if (r.kind !== 'hls-log') expect(Object.keys(r.figures).length).toBeGreaterThan(0);
      for (const fig of Object.values(r.figures)) {
        expect(['csynth', 'impl']).toContain(fig.source);
        expect(Number.isFinite(fig.value)).toBe(true);
        expect(fig.note).toContain(f);
      }
    });
  }
  it('does not claim files it does not know', () => {
    expect(detectReport('runme.sh', read('vivado-2021.1-ebaz4205-zynq7010-impl/runme.sh'))).toBeUndefined();
    expect(() => parseReportText('hello', 'x.txt')).toThrow(WorkbenchError);
  });
});

describe('csynth.xml', () => {
  it('Vivado HLS 2020.1 hls4ml (DSP48E, dataflow)', () => {
    const r = parseCsynthXml(read('vivado-hls-2020.1-hls4ml-myproject-xc7z020/myproject_csynth.xml'), 'x');
    expect(r.version).toBe('2020.1');
    expect(r.top).toBe('myproject');
    expect(r.part).toBe('xc7z020-clg400-1');
    expect(r.clock).toMatchObject({ targetNs: 5, estimatedNs: 4.049, uncertaintyNs: 0.62, met: true });
    expect(r.pipelineType).toBe('dataflow');
    expect(r.latency).toMatchObject({ best: 10, worst: 10, intervalMin: 8, intervalMax: 8, worstAbsolute: '50.000 ns' });
    expect(r.resources).toEqual({ bram18k: 0, dsp: 73, ff: 7969, lut: 2532, uram: 0 });
    expect(r.available).toEqual({ bram18k: 280, dsp: 220, ff: 106400, lut: 53200, uram: 0 });
    expect(r.figures.dsp).toMatchObject({ value: 73, source: 'csynth' });
  });
  it('Vitis HLS 2022.1 aggregated indented csynth.xml (DSP, timing violated, modules)', () => {
    const r = parseCsynthXml(read('vitis-hls-2022.1-dphls-seq-align-xcvu5p/csynth.xml'), 'x');
    expect(r.version).toBe('2022.1');
    expect(r.top).toBe('seq_align_multiple');
    expect(r.flowTarget).toBe('vivado');
    expect(r.clock).toMatchObject({ targetNs: 4, estimatedNs: 6.044, met: false });
    expect(r.latency).toMatchObject({ best: 1082352, worst: 1082352, intervalMax: 1082353, worstAbsolute: '6.542 ms' });
    expect(r.resources).toEqual({ bram18k: 272, dsp: 0, ff: 50898, lut: 159624, uram: 0 });
    expect(r.available).toMatchObject({ dsp: 3474, lut: 600577, uram: 470 });
    expect(r.modules).toHaveLength(8);
    expect(r.modules[0]).toMatchObject({ name: 'seq_align_Pipeline_VITIS_LOOP_78_1_VITIS_LOOP_79_2' });
  });
  it('Vitis HLS 2022.1 flat per-top and per-module files', () => {
    const top = parseCsynthXml(read('vitis-hls-2022.1-dphls-seq-align-xcvu5p/seq_align_multiple_csynth.xml'), 'x');
    expect(top.resources).toEqual({ bram18k: 272, dsp: 0, ff: 50898, lut: 159624, uram: 0 });
    const mod = parseCsynthXml(read('vitis-hls-2022.1-dphls-seq-align-xcvu5p/seq_align_Pipeline_VITIS_LOOP_100_5_csynth.xml'), 'x');
    expect(mod.latency.worst).toBe(1026);
    expect(mod.clock.estimatedNs).toBe(2.096);
    expect(mod.resources).toMatchObject({ ff: 13, lut: 57 });
  });
  it('Vivado HLS 2019.1.3 heterocl stages (csynth.xml == test_csynth.xml) and per-process files', () => {
    for (const f of ['csynth.xml', 'test_csynth.xml']) {
      const r = parseCsynthXml(read(`vivado-hls-2019.1.3-heterocl-dataflow-stages-xc7z020/${f}`), f);
      expect(r.version).toBe('2019.1.3');
      expect(r.top).toBe('test');
      expect(r.pipelineType).toBe('dataflow');
      expect(r.latency).toMatchObject({ worst: 3137, intervalMin: 3138 });
      expect(r.resources).toEqual({ bram18k: 0, dsp: 0, ff: 299, lut: 912, uram: 0 });
      expect(r.clock).toMatchObject({ targetNs: 10, estimatedNs: 6.186, met: true });
    }
    const b = parseCsynthXml(read('vivado-hls-2019.1.3-heterocl-dataflow-stages-xc7z020/Loop_B_i_proc4_csynth.xml'), 'b');
    expect(b.latency.worst).toBe(3137);
    expect(b.resources).toMatchObject({ ff: 69, lut: 183 });
    const d = parseCsynthXml(read('vivado-hls-2019.1.3-heterocl-dataflow-stages-xc7z020/Loop_D_i1_proc5_csynth.xml'), 'd');
    expect(d.latency.worst).toBe(2113);
    expect(d.resources).toMatchObject({ ff: 61, lut: 167 });
  });
  it('Vivado HLS 2019.1.3 on U280 uses <DSP>', () => {
    const r = parseCsynthXml(read('vivado-hls-2019.1.3-heterocl-csynth-xml-samples/digitrec_report.xml'), 'x');
    expect(r.part).toBe('xcu280-fsvh2892-2L-e');
    expect(r.clock).toMatchObject({ targetNs: 3.33, estimatedNs: 2.744, met: true });
    expect(r.latency).toMatchObject({ worst: 20080, intervalMax: 20081 });
    expect(r.resources).toEqual({ bram18k: 32, dsp: 0, ff: 7559, lut: 34172, uram: 0 });
    expect(r.available.dsp).toBe(9024);
  });
  it("keeps 'undef' latency (variable trip counts) instead of inventing a number", () => {
    const text = read('vivado-hls-2020.1-hls4ml-myproject-xc7z020/myproject_csynth.xml')
      .replace('<Worst-caseLatency>10</Worst-caseLatency>', '<Worst-caseLatency>undef</Worst-caseLatency>')
      .replace('<Interval-max>8</Interval-max>', '<Interval-max>undef</Interval-max>');
    const r = parseCsynthXml(text, 'x');
    expect(r.latency.worst).toBe('undef');
    expect(r.latency.intervalMax).toBe('undef');
    expect(r.figures.latencyCycles).toBeUndefined();
    expect(r.figures.latencyBestCycles.value).toBe(10);
  });
  it('a missing section names the file and the section', () => {
    const text = read('vivado-hls-2020.1-hls4ml-myproject-xc7z020/myproject_csynth.xml').replace(/<AreaEstimates>[\s\S]*<\/AreaEstimates>/, '');
    try {
      parseCsynthXml(text, 'proj/syn/report/csynth.xml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WorkbenchError);
      expect((e as WorkbenchError).context).toMatchObject({ file: 'proj/syn/report/csynth.xml', section: 'AreaEstimates' });
      expect((e as Error).message).toContain('proj/syn/report/csynth.xml');
    }
    const half = read('vitis-hls-2022.1-dphls-seq-align-xcvu5p/seq_align_multiple_csynth.xml');
    expect(() => parseCsynthXml(half.slice(0, half.length / 2), 'half.xml')).toThrow(/half\.xml/);
  });
});

describe('csynth text report', () => {
  it('Vitis HLS 2022.1 top (7-cell latency row, "4.00 ns" cells)', () => {
    const r = parseCsynthReport(read('vitis-hls-2022.1-dphls-seq-align-xcvu5p/seq_align_multiple_csynth.rpt'), 'x');
    expect(r.tool).toBe('Vitis HLS');
    expect(r.version).toBe('2022.1');
    expect(r.top).toBe('seq_align_multiple');
    expect(r.solution).toBe('solution1 (Vivado IP Flow Target)');
    expect(r.part).toBe('xcvu5p-flva2104-1-e');
    expect(r.clock).toMatchObject({ targetNs: 4, estimatedNs: 6.044, uncertaintyNs: 1.08, met: false });
    expect(r.latency).toEqual({ min: 1082352, max: 1082352, intervalMin: 1082353, intervalMax: 1082353, pipelineType: 'no' });
    expect(r.resources).toEqual({ bram18k: 272, dsp: 0, ff: 50898, lut: 159624, uram: 0 });
    // "Available" (whole device), not "Available SLR"
    expect(r.available).toEqual({ bram18k: 2048, dsp: 3474, ff: 1201154, lut: 600577, uram: 470 });
  });
  it('Vitis HLS 2022.1 per-module', () => {
    const r = parseCsynthReport(read('vitis-hls-2022.1-dphls-seq-align-xcvu5p/seq_align_Pipeline_VITIS_LOOP_100_5_csynth.rpt'), 'x');
    expect(r.latency).toMatchObject({ min: 1026, max: 1026, intervalMax: 1026 });
    expect(r.resources).toMatchObject({ ff: 13, lut: 57 });
  });
  it('Vivado HLS 2020.1 hls4ml (DSP48E column, dataflow)', () => {
    const r = parseCsynthReport(read('vivado-hls-2020.1-hls4ml-myproject-xc7z020/myproject_csynth.rpt'), 'x');
    expect(r.tool).toBe('Vivado HLS');
    expect(r.clock).toMatchObject({ targetNs: 5, estimatedNs: 4.049, uncertaintyNs: 0.62 });
    expect(r.latency).toEqual({ min: 10, max: 10, intervalMin: 8, intervalMax: 8, pipelineType: 'dataflow' });
    expect(r.resources).toEqual({ bram18k: 0, dsp: 73, ff: 7969, lut: 2532, uram: 0 });
  });
  it('Vivado HLS 2019.1.3 (5-cell latency row, "Timing (ns)")', () => {
    const r = parseCsynthReport(read('vivado-hls-2019.1.3-heterocl-dataflow-stages-xc7z020/test_csynth.rpt'), 'x');
    expect(r.clock).toMatchObject({ targetNs: 10, estimatedNs: 6.186 });
    expect(r.latency).toEqual({ min: 3137, max: 3137, intervalMin: 3138, intervalMax: 3138, pipelineType: 'dataflow' });
    expect(r.resources).toEqual({ bram18k: 0, dsp: 0, ff: 299, lut: 912, uram: 0 });
    const b = parseCsynthReport(read('vivado-hls-2019.1.3-heterocl-dataflow-stages-xc7z020/Loop_B_i_proc4_csynth.rpt'), 'x');
    expect(b.latency).toMatchObject({ max: 3137, pipelineType: 'none' });
  });
  it('Scout HLS 2019.2', () => {
    const r = parseCsynthReport(read('scout-hls-2019.2-xilinx-array-mem-perform/array_mem_perform_csynth.rpt'), 'x');
    expect(r.version).toBe('2019.2.0');
    expect(r.clock).toMatchObject({ targetNs: 4, estimatedNs: 2.586 });
    expect(r.latency).toMatchObject({ min: 130, max: 130, intervalMax: 130 });
    expect(r.resources).toMatchObject({ ff: 39, lut: 137 });
    expect(r.available).toMatchObject({ lut: 1182240, uram: 960 });
  });
  it('a missing section names the file and the section', () => {
    const text = read('vivado-hls-2020.1-hls4ml-myproject-xc7z020/myproject_csynth.rpt').replace('== Utilization Estimates', '== Something Else');
    expect(() => parseCsynthReport(text, 'a_csynth.rpt')).toThrow(/a_csynth\.rpt.*section 'Utilization Estimates'/);
  });
});

describe('Vivado utilization', () => {
  it('2021.1 placed, with Prohibited column', () => {
    const r = parseUtilizationReport(read('vivado-2021.1-ebaz4205-zynq7010-impl/design_1_wrapper_utilization_placed.rpt'), 'x');
    expect(r.layout).toBe('7-series');
    expect(r.designState).toBe('Fully Placed');
    expect(r.lut).toEqual({ used: 3, available: 17600, utilPct: 0.02 });
    expect(r.ff).toEqual({ used: 10, available: 35200, utilPct: 0.03 });
    expect(r.bramTiles).toMatchObject({ used: 0, available: 60 });
    expect(r.dsp).toMatchObject({ used: 0, available: 80 });
    expect(r.figures.lut).toMatchObject({ value: 3, source: 'impl' });
  });
  it('2019.2 placed, no Prohibited column', () => {
    const r = parseUtilizationReport(read('vivado-2019.2-edalize-picorv32-artix7/top_utilization_placed.rpt'), 'x');
    expect(r.lut).toEqual({ used: 1009, available: 133800, utilPct: 0.75 });
    expect(r.ff).toEqual({ used: 920, available: 267600, utilPct: 0.34 });
    expect(r.bramTiles).toMatchObject({ used: 0, available: 365 });
    expect(r.dsp).toMatchObject({ used: 0, available: 740 });
  });
  it('2020.1 synthesized ("Slice LUTs*", sections renumbered)', () => {
    const r = parseUtilizationReport(read('vivado-hls-2020.1-hls4ml-myproject-xc7z020/vivado_synth.rpt'), 'x');
    expect(r.designState).toBe('Synthesized');
    expect(r.lut).toMatchObject({ used: 1526, available: 53200 });
    expect(r.ff.used).toBe(2428);
    expect(r.dsp).toEqual({ used: 66, available: 220, utilPct: 30 });
    expect(r.bramTiles).toMatchObject({ used: 0, available: 140 });
  });
  it('UltraScale layout (SYNTHETIC file: CLB Logic, URAM, BRAM tiles ×2)', () => {
    const r = parseUtilizationReport(synthetic('SYNTHETIC-ultrascale_utilization_placed.rpt'), 'x');
    expect(r.layout).toBe('ultrascale');
    expect(r.lut.used).toBe(123456);
    expect(r.ff.used).toBe(234567);
    expect(r.uram?.used).toBe(64);
    expect(r.dsp.used).toBe(512);
    expect(r.figures.bram18k.value).toBe(300);
  });
  it('a missing section names the file and the section', () => {
    const text = read('vivado-2019.2-edalize-picorv32-artix7/top_utilization_placed.rpt').replace(/^4\. DSP$/gm, '4. Nothing');
    expect(() => parseUtilizationReport(text, 'u.rpt')).toThrow(/u\.rpt.*section 'DSP'/);
  });
});

describe('Vivado timing summary', () => {
  it('2019.2 violated: WNS -3.463, TNS -4.140, 10 failing endpoints', () => {
    const r = parseTimingReport(read('vivado-2019.2-edalize-picorv32-artix7/top_timing_summary_routed.rpt'), 'x');
    expect(r).toMatchObject({ wnsNs: -3.463, tnsNs: -4.14, tnsFailingEndpoints: 10, tnsTotalEndpoints: 2371, whsNs: 0.097, thsNs: 0, wpwsNs: 1.37, status: 'violated', unconstrained: false });
    expect(r.figures.wnsNs).toMatchObject({ value: -3.463, source: 'impl' });
  });
  it('2021.1 with NA values and met', () => {
    const r = parseTimingReport(read('vivado-2021.1-ebaz4205-zynq7010-impl/design_1_wrapper_timing_summary_routed.rpt'), 'x');
    expect(r.wnsNs).toBeUndefined();
    expect(r.tnsNs).toBeUndefined();
    expect(r.wpwsNs).toBe(17.845);
    expect(r.status).toBe('met');
    expect(r.unconstrained).toBe(true);
    expect(r.figures.wnsNs).toBeUndefined();
  });
  it('a missing section names the file and the section', () => {
    const text = read('vivado-2019.2-edalize-picorv32-artix7/top_timing_summary_routed.rpt').replace('| Design Timing Summary', '| Other');
    expect(() => parseTimingReport(text, 't.rpt')).toThrow(/t\.rpt.*section 'Design Timing Summary'/);
  });
});

describe('Vivado power', () => {
  const r = parsePowerReport(read('vivado-2021.1-ebaz4205-zynq7010-impl/design_1_wrapper_power_routed.rpt'), 'p.rpt');
  it('summary', () => {
    expect(r).toMatchObject({ totalW: 1.394, dynamicW: 1.279, staticW: 0.115, junctionC: 41.1, confidence: 'Low' });
    expect(r.figures.powerTotalW).toMatchObject({ value: 1.394, unit: 'W', source: 'impl' });
  });
  it('on-chip components incl. <0.001', () => {
    const ps7 = r.components.find((c) => c.name === 'PS7');
    expect(ps7?.power.w).toBe(1.275);
    const clocks = r.components.find((c) => c.name === 'Clocks');
    expect(clocks?.power).toMatchObject({ text: '<0.001', lessThan: true });
    expect(r.components.find((c) => c.name === 'I/O')).toMatchObject({ used: 16, available: 100 });
  });
  it('per-supply rails', () => {
    expect(r.rails).toHaveLength(20);
    expect(r.rails.find((x) => x.source === 'Vccpint')).toEqual({ source: 'Vccpint', voltageV: 1, totalA: 0.694, dynamicA: 0.667, staticA: 0.027 });
    expect(r.rails.find((x) => x.source === 'Vcco_ddr')).toMatchObject({ voltageV: 1.5, totalA: 0.356 });
  });
  it('a missing section names the file and the section', () => {
    const text = read('vivado-2021.1-ebaz4205-zynq7010-impl/design_1_wrapper_power_routed.rpt').replace(/^1\.2 Power Supply Summary$/gm, '1.2 Gone');
    expect(() => parsePowerReport(text, 'p.rpt')).toThrow(/p\.rpt.*section 'Power Supply Summary'/);
  });
});

describe('export report (SYNTHETIC file: no real one exists in the fixtures)', () => {
  it('reads header, resources and final timing', () => {
    const r = parseExportReport(synthetic('SYNTHETIC-example_export.rpt'), 'e.rpt');
    expect(r.toolVersion).toBe('2023.1');
    expect(r.device).toBe('xcvu9p-flga2104-2-i');
    expect(r.resources).toMatchObject({ LUT: 1184, FF: 1520, DSP: 8, BRAM: 2, URAM: 0, SLICE: 212 });
    expect(r.timing).toEqual({ requiredNs: 4, postSynthesisNs: 3.512, postImplementationNs: 3.871, met: true });
    expect(r.figures.lut).toMatchObject({ value: 1184, source: 'impl' });
  });
  it('missing timing block', () => {
    const text = synthetic('SYNTHETIC-example_export.rpt').replace('#=== Final timing ===', '');
    expect(() => parseExportReport(text, 'e.rpt')).toThrow(/e\.rpt.*section 'Final timing'/);
  });
});

describe('HLS logs', () => {
  it('Vitis HLS 2022.1 csynth-only log (no banner; version from the install path)', () => {
    const r = parseHlsLog(read('vitis-hls-2022.1-dphls-seq-align-xcvu5p/vitis_hls.log'), 'x');
    expect(r).toMatchObject({ tool: 'Vitis HLS', toolVersion: '2022.1', fmaxMHz: 165.45, csim: 'not-run', failed: false, elapsedS: 111.12 });
    expect(r.commands).toContain('csynth_design');
    expect(r.counts).toEqual({ error: 0, criticalWarning: 0, warning: 7 });
  });
  it('Vitis HLS 2021.1 csim + csynth + cosim pass', () => {
    const r = parseHlsLog(read('vitis-hls-2021.1-xilinx-axilite-csim-csynth-cosim/vitis_hls.log'), 'x');
    expect(r).toMatchObject({ toolVersion: '2021.1', fmaxMHz: 352.36, csim: 'pass', cosim: 'pass', failed: false, elapsedS: 30.44 });
    expect(r.commands.filter((c) => /_design$/.test(c))).toEqual(['csim_design', 'csynth_design', 'cosim_design']);
  });
  it('Vitis HLS 2021.1 csim FAILED with a Tcl traceback', () => {
    const r = parseHlsLog(read('vitis-hls-2021.1-xilinx-free-running-csim-FAILED/vitis_hls.log'), 'x');
    expect(r).toMatchObject({ csim: 'fail', failed: true });
    expect(r.errors.map((e) => [e.line, e.id])).toEqual([[49, 'SIM 211-100']]);
    expect(r.fmaxMHz).toBeUndefined();
  });
  it('Vitis HLS 2023.1 interactive session with ANSI escapes', () => {
    const r = parseHlsLog(read('vitis-hls-2023.1-dphls-csim-FAILED/vitis_hls.log'), 'x');
    expect(r).toMatchObject({ toolVersion: '2023.1', csim: 'fail', failed: true, elapsedS: 478 });
    expect(r.errors.map((e) => e.line)).toEqual([82, 153]);
  });
  it('Scout HLS 2019.2', () => {
    const r = parseHlsLog(read('scout-hls-2019.2-xilinx-array-mem-perform/scout_hls.log'), 'x');
    expect(r).toMatchObject({ tool: 'Scout HLS', toolVersion: '2019.2.0', csim: 'pass', failed: false, elapsedS: 24.12 });
  });
});
