// linear.h — the one unified linear compute unit (Edge-MoE style): out[t][n] = act(sum_k in[t][k] *
// W[n][k] + b[n]) for t < rows. QKV, projection, MLP fc1/fc2, every expert, the gate and the head all
// instantiate this template; only the sizes and types differ.
//
// Weights stream from DDR (m_axi) one output tile of TO rows at a time into a BRAM buffer partitioned
// so TI x TO multiply-accumulates run per cycle, and each weight is read exactly once per call
// (per image), however many tokens there are. Activations stay on chip.
#ifndef FWB_LINEAR_H
#define FWB_LINEAR_H

#include <ap_fixed.h>
#include <ap_int.h>
#include "gelu.h"

namespace fwb {

enum { ACT_NONE = 0, ACT_GELU = 1 };

// T: max rows (tokens); K: input features; N: output features; TI/TO: tiles along K / N
// (K % TI == 0, N % TO == 0). w: N*K weights, row n holds output n's K weights; b: N biases.
template <int T, int K, int N, int TI, int TO, int ACT, typename IN_T, typename W_T, typename B_T,
          typename ACC_T, typename OUT_T>
void linear(const IN_T in[T][K], const W_T *w, const B_T *b, OUT_T out[T][N], int rows) {
  static_assert(K % TI == 0, "linear: K must be a multiple of the input tile");
  static_assert(N % TO == 0, "linear: N must be a multiple of the output tile");
  W_T wbuf[TO][K];
#pragma HLS ARRAY_PARTITION variable = wbuf dim = 1 complete
#pragma HLS ARRAY_PARTITION variable = wbuf dim = 2 cyclic factor = TI
  B_T bbuf[TO];
#pragma HLS ARRAY_PARTITION variable = bbuf complete
  ACC_T acc[TO];
#pragma HLS ARRAY_PARTITION variable = acc complete

tile_n:
  for (int n0 = 0; n0 < N; n0 += TO) {
  load_w:
    for (int o = 0; o < TO; o++) {
      bbuf[o] = b[n0 + o];
      for (int k = 0; k < K; k++) {
#pragma HLS PIPELINE II = 1
        wbuf[o][k] = w[(n0 + o) * K + k];
      }
    }
  rows_t:
    for (int t = 0; t < rows; t++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
      for (int o = 0; o < TO; o++) {
#pragma HLS UNROLL
        acc[o] = bbuf[o];
      }
    tile_k:
      for (int k0 = 0; k0 < K; k0 += TI) {
#pragma HLS PIPELINE II = 1
        for (int o = 0; o < TO; o++) {
#pragma HLS UNROLL
          ACC_T part = 0;
          for (int i = 0; i < TI; i++) {
#pragma HLS UNROLL
            part += in[t][k0 + i] * wbuf[o][k0 + i];
          }
          acc[o] += part;
        }
      }
      for (int o = 0; o < TO; o++) {
#pragma HLS UNROLL
        if (ACT == ACT_GELU)
          out[t][n0 + o] = gelu<OUT_T>(acc[o]);
        else
          out[t][n0 + o] = acc[o];
      }
    }
  }
}

}  // namespace fwb

#endif
