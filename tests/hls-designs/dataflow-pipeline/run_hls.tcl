# Vitis HLS project: DATAFLOW pipeline of hls::streams. The testbench reads data/input.txt.
set proj_name dataflow_pipeline
set src_dir .
open_project -reset $proj_name
set_top pipeline_top
add_files $src_dir/pipeline.cpp
add_files -tb "$src_dir/pipeline_tb.cpp" \
    -cflags "-DPIPELINE_TB"
add_files -tb data/input.txt
open_solution -reset solution1 -flow_target vivado
set_part xcu250-figd2104-2L-e
create_clock -period 300MHz -name default
set_directive_dataflow pipeline_top
csim_design
csynth_design
cosim_design
export_design -format ip_catalog
exit
