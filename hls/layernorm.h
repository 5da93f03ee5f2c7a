// layernorm.h — y = (x - mean) / sqrt(var + eps) * gamma + beta over the last dimension, per token.
// Sums in a wide fixed type; the one reciprocal square root per token is done in float (a single
// small core shared by all tokens, cheaper than a fixed-point iteration of the same accuracy).
#ifndef FWB_LAYERNORM_H
#define FWB_LAYERNORM_H

#include <ap_fixed.h>
#include <hls_math.h>

namespace fwb {

typedef ap_fixed<48, 22> ln_sum_t;
typedef ap_fixed<32, 12> ln_inv_t;

template <int T, int D, typename IN_T, typename P_T, typename OUT_T>
void layernorm(const IN_T in[T][D], const P_T *gamma, const P_T *beta, float eps, OUT_T out[T][D],
               int rows) {
  P_T g[D], bt[D];
load_params:
  for (int d = 0; d < D; d++) {
#pragma HLS PIPELINE II = 1
    g[d] = gamma[d];
    bt[d] = beta[d];
  }
  const ln_sum_t inv_d = 1.0 / D;
tokens:
  for (int t = 0; t < rows; t++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
    ln_sum_t sum = 0;
    for (int d = 0; d < D; d++) {
#pragma HLS PIPELINE II = 1
      sum += in[t][d];
    }
    ln_sum_t mean = sum * inv_d;
    ln_sum_t sq = 0;
    for (int d = 0; d < D; d++) {
#pragma HLS PIPELINE II = 1
      ln_sum_t c = in[t][d] - mean;
      sq += c * c;
    }
    ln_sum_t var = sq * inv_d;
    float inv_f = 1.0f / hls::sqrt(var.to_float() + eps);
    ln_inv_t inv = inv_f;
    for (int d = 0; d < D; d++) {
#pragma HLS PIPELINE II = 1
      ap_fixed<48, 20> c = in[t][d] - mean;
      ap_fixed<48, 20> nrm = c * inv;
      out[t][d] = nrm * g[d] + bt[d];
    }
  }
}

}  // namespace fwb

#endif
