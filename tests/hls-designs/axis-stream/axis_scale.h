// AXI4-Stream in and out with side channels: each beat carries a Q16.16 fixed-point sample in
// TDATA; the kernel scales it, copies TKEEP/TSTRB/TUSER/TID, swaps TDEST to the reply channel,
// and keeps TLAST so packet boundaries survive. Packets end on TLAST, not on a count.
#ifndef AXIS_SCALE_H
#define AXIS_SCALE_H

#include "ap_axi_sdata.h"
#include "ap_fixed.h"
#include "hls_stream.h"

typedef ap_axiu<32, 2, 5, 6> beat_t;
typedef ap_fixed<32, 16> sample_t;
typedef ap_fixed<18, 4> gain_t;

// Returns the number of beats forwarded.
int axis_scale(hls::stream<beat_t>& in, hls::stream<beat_t>& out, gain_t gain, int max_beats);

#endif
