/**
 * The file the generator writes into every project it creates. Its presence is how csim, builds and
 * the UI tell a workbench-generated HLS project (whose run_hls.tcl follows our step convention and
 * whose outputs are compared with the reference) from an engineer's own project (run as it is).
 */
export const GENERATED_PROJECT_MARKER = 'workbench-project.json';
