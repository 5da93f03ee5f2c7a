# Vitis HLS project: MoE top-k gating with hls::vector tokens through streams.
set top gating_top
set srcs {gating.cpp}
open_project -reset topk_gating_prj
set_top $top
foreach f $srcs {
  add_files $f
}
add_files -tb gating_tb.cpp -csimflags "-DGATING_CSIM"
open_solution -reset solution1 -flow_target vitis
set_part {xcvu9p-flga2104-2-e}
create_clock -period 4
config_interface -m_axi_latency 64
puts "reading $top"
csim_design
exit
