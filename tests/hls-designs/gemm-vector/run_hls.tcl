# Vitis HLS project: tiled GEMM over hls::vector blocks.
open_project -reset gemm_vector_prj
set_top gemm_top
add_files gemm.cpp
add_files -tb gemm_tb.cpp
open_solution -reset "solution1" -flow_target vivado
set_part {xczu9eg-ffvb1156-2-e}
create_clock -period 3.33 -name default
config_compile -pipeline_loops 64
csim_design -argv {--seed 7}
csynth_design
exit
