/**
 * How a C simulation ended and how its outputs compared, declared once for csim/, the CLI's --json and
 * the API contract. No Node imports (the renderer type-checks the contract without @types/node).
 */

/** The g++ optimisation a testbench was built with. */
export type CsimOptimization = '-O2' | '-O0 -g';

export interface CsimOutcome {
  pass: boolean;
  /** Where it stopped: build failed, run finished, or cancelled. */
  stage: 'build' | 'run' | 'compare';
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  /** Testbench output (stdout and stderr interleaved; its tail when very long). */
  output: string;
  outputTruncated: boolean;
}

/** Per-tensor comparison, filled by a comparator for workbench-generated projects. */
export interface TensorComparison {
  tensor: string;
  maxAbsError: number;
  meanAbsError: number;
  cosine: number;
  tolerance: number;
  pass: boolean;
}

/** The outcome fields of a result, in this order, for the CLI's --json and the API alike. */
export function csimOutcome(r: CsimOutcome): CsimOutcome {
  return {
    pass: r.pass,
    stage: r.stage,
    exitCode: r.exitCode,
    signal: r.signal,
    timedOut: r.timedOut,
    cancelled: r.cancelled,
    output: r.output,
    outputTruncated: r.outputTruncated,
  };
}
