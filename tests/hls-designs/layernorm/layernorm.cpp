#include "layernorm.h"

#include "hls_math.h"

void layernorm_top(const data_t x[TOKENS][D], const param_t gamma[D], const param_t beta[D], data_t y[TOKENS][D]) {
#pragma HLS INTERFACE m_axi port = x offset = slave bundle = gmem
#pragma HLS INTERFACE m_axi port = y offset = slave bundle = gmem
#pragma HLS INTERFACE m_axi port = gamma offset = slave bundle = params
#pragma HLS INTERFACE m_axi port = beta offset = slave bundle = params
#pragma HLS INTERFACE s_axilite port = return
  const stat_t eps = stat_t(1e-5);
TOKEN:
  for (int t = 0; t < TOKENS; ++t) {
    acc_t sum = 0, sumsq = 0;
  STATS:
    for (int d = 0; d < D; ++d) {
#pragma HLS PIPELINE II = 1
      acc_t v = x[t][d];
      sum += v;
      sumsq += v * v;
    }
    const stat_t mean = sum / D;
    const stat_t var = stat_t(sumsq / D) - stat_t(mean * mean);
    const stat_t sd = hls::sqrt(stat_t(var + eps));
    const stat_t inv = hls::recip(sd);
  APPLY:
    for (int d = 0; d < D; ++d) {
#pragma HLS PIPELINE II = 1
      stat_t n = (stat_t(x[t][d]) - mean) * inv;
      y[t][d] = data_t(n * gamma[d] + beta[d]);
    }
  }
}
