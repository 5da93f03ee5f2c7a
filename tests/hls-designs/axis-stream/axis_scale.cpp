#include "axis_scale.h"

int axis_scale(hls::stream<beat_t>& in, hls::stream<beat_t>& out, gain_t gain, int max_beats) {
#pragma HLS INTERFACE axis port = in
#pragma HLS INTERFACE axis port = out
#pragma HLS INTERFACE s_axilite port = gain
#pragma HLS INTERFACE s_axilite port = max_beats
#pragma HLS INTERFACE s_axilite port = return
  int n = 0;
BEAT:
  for (int i = 0; i < max_beats; ++i) {
#pragma HLS PIPELINE II = 1
    beat_t b = in.read();
    sample_t v;
    v.range() = b.data;         // reinterpret TDATA bits as Q16.16
    sample_t r = v * gain;      // quantised back to Q16.16 (truncation)
    beat_t o;
    o.data = r.range();
    o.keep = b.keep;
    o.strb = b.strb;
    o.user = b.user;
    o.id = b.id;
    o.dest = b.dest ^ 1;        // reply channel
    o.last = b.last;
    out.write(o);
    ++n;
    if (b.last) break;
  }
  return n;
}
