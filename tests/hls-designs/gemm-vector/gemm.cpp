#include "gemm.h"

// One output tile: TN lanes accumulate x[m][k] * w[k][j*TN .. j*TN+TN-1] over k.
static void tile(const data_t xrow[K], const vec_t* wv, const vec_t& b, int j, vec_t& out) {
  vec_t acc = b;
K_LOOP:
  for (int k = 0; k < K; ++k) {
#pragma HLS PIPELINE II = 1
    acc += wv[k * NB + j] * xrow[k];
  }
  out = acc;
}

void gemm_top(const data_t x[M][K], const data_t w[K][N], const data_t bias[N], data_t y[M][N]) {
#pragma HLS INTERFACE m_axi port = x offset = slave bundle = gmem0
#pragma HLS INTERFACE m_axi port = w offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = bias offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = y offset = slave bundle = gmem0
#pragma HLS INTERFACE s_axilite port = return
  const vec_t* wv = reinterpret_cast<const vec_t*>(&w[0][0]);
  const vec_t* bv = reinterpret_cast<const vec_t*>(bias);
  vec_t* yv = reinterpret_cast<vec_t*>(&y[0][0]);

  data_t xbuf[K];
#pragma HLS ARRAY_PARTITION variable = xbuf cyclic factor = 4
M_LOOP:
  for (int m = 0; m < M; ++m) {
    for (int k = 0; k < K; ++k) xbuf[k] = x[m][k];
  N_LOOP:
    for (int j = 0; j < NB; ++j) {
      vec_t out;
      tile(xbuf, wv, bv[j], j, out);
      yv[m * NB + j] = out;
    }
  }
}
