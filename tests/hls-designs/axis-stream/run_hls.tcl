# Vitis HLS project: AXI4-Stream with side channels (ap_axiu<32, 2, 5, 6>).
open_project -reset axis_scale_prj
set_top axis_scale
add_files axis_scale.cpp
add_files -tb axis_scale_tb.cpp
open_solution -reset solution1 -flow_target vivado
set_part {xc7z020clg400-1}
create_clock -period 10 -name default
csim_design -clean
csynth_design
export_design -rtl verilog -format ip_catalog
