// gelu.h — GELU(x) = x * Phi(x) by a piecewise cubic (hls/gelu_table.h, erf form, 384 segments on
// [-6, 6), error < 1e-8); outside that range GELU is x or 0 to within 1e-8. One table read, three
// multiply-adds (Horner) — accurate to an LSB even of 32-bit activations.
#ifndef FWB_GELU_H
#define FWB_GELU_H

#include <ap_fixed.h>
#include <ap_int.h>
#include "gelu_table.h"

namespace fwb {

template <typename OUT_T, typename IN_T>
OUT_T gelu(IN_T x) {
#pragma HLS INLINE
  if (x >= FWB_GELU_RANGE) return OUT_T(x);
  if (x < -FWB_GELU_RANGE) return OUT_T(0.0);
  ap_fixed<40, 8> sx = x;
  ap_ufixed<40, 9> g = (sx + FWB_GELU_RANGE) * FWB_GELU_SEG_PER_UNIT;  // segment index . position
  ap_uint<9> s = g.to_uint();
  ap_ufixed<32, 0> t = g - s;
  ap_fixed<48, 4> p = gelu_c2[s] + t * gelu_c3[s];
  p = gelu_c1[s] + t * p;
  ap_fixed<48, 6> y = gelu_c0[s] + t * p;
  return OUT_T(y);
}

// Element-wise GELU over a [rows][N] buffer (when not fused into the linear unit's epilogue).
template <int T, int N, typename IN_T, typename OUT_T>
void gelu_rows(const IN_T in[T][N], OUT_T out[T][N], int rows) {
  for (int t = 0; t < rows; t++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
    for (int n = 0; n < N; n++) {
#pragma HLS PIPELINE II = 1
      out[t][n] = gelu<OUT_T>(in[t][n]);
    }
  }
}

}  // namespace fwb

#endif
