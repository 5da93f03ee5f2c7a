open_project -reset online_softmax_prj
set_top softmax_top
add_files softmax.cpp
add_files -tb softmax_tb.cpp
open_solution -reset "solution1"
set_part {xczu7ev-ffvc1156-2-e}
create_clock -period 5 -name default
csim_design -O
csynth_design
exit
