// linear.h — the one unified linear compute unit (Edge-MoE style): out[t][n] = act(sum_k in[t][k] *
// W[n][k] + b[n]) for t < rows. QKV, projection, MLP fc1/fc2, every expert, the gate and the head all
// instantiate this template; only the sizes and types differ.
//
// Weights stream from DDR (m_axi) one output tile of TO rows at a time into a BRAM buffer partitioned
// so TI x TO multiply-accumulates run per cycle, and each weight is read exactly once per call
// (per image), however many tokens there are. Activations stay on chip. Fetch and compute are two
// processes of a DATAFLOW region connected by a FIFO.
#ifndef FWB_LINEAR_H
#define FWB_LINEAR_H

#include <ap_fixed.h>
#include <ap_int.h>
#include <hls_stream.h>
#include "gelu.h"

namespace fwb {

enum { ACT_NONE = 0, ACT_GELU = 1 };

// Fetch process: streams the weights and biases from DDR in output-tile order, each read once.
template <int K, int N, typename W_T, typename B_T>
void linear_fetch(const W_T *w, const B_T *b, hls::stream<W_T> &ws, hls::stream<B_T> &bs) {
fetch_rows:
  for (int n = 0; n < N; n++) {
    bs.write(b[n]);
    for (int k = 0; k < K; k++) {
#pragma HLS PIPELINE II = 1
      ws.write(w[n * K + k]);
    }
  }
}

// Compute process: takes one TO x K weight tile into a partitioned buffer, then runs every token
// through it with TI x TO multiply-accumulates per cycle.
template <int T, int K, int N, int TI, int TO, int ACT, typename IN_T, typename W_T, typename B_T, typename ACC_T,
          typename OUT_T>
void linear_compute(const IN_T in[T][K], hls::stream<W_T> &ws, hls::stream<B_T> &bs, OUT_T out[T][N], int rows) {
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
      bbuf[o] = bs.read();
      for (int k = 0; k < K; k++) {
#pragma HLS PIPELINE II = 1
        wbuf[o][k] = ws.read();
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

// T: max rows (tokens); K: input features; N: output features; TI/TO: tiles along K / N
// (K % TI == 0, N % TO == 0). w: N*K weights, row n holds output n's K weights; b: N biases.
// A DATAFLOW region: the fetch of tile i+1 from DDR overlaps the compute of tile i (the weight FIFO
// holds one tile), so the MAC array does not wait for memory between tiles.
template <int T, int K, int N, int TI, int TO, int ACT, typename IN_T, typename W_T, typename B_T,
          typename ACC_T, typename OUT_T>
void linear(const IN_T in[T][K], const W_T *w, const B_T *b, OUT_T out[T][N], int rows) {
  static_assert(K % TI == 0, "linear: K must be a multiple of the input tile");
  static_assert(N % TO == 0, "linear: N must be a multiple of the output tile");
#pragma HLS DATAFLOW
  hls::stream<W_T> ws("linear_weights");
#pragma HLS STREAM variable = ws depth = TO * K
  hls::stream<B_T> bs("linear_biases");
#pragma HLS STREAM variable = bs depth = TO
  linear_fetch<K, N, W_T, B_T>(w, b, ws, bs);
  linear_compute<T, K, N, TI, TO, ACT, IN_T, W_T, B_T, ACC_T, OUT_T>(in, ws, bs, out, rows);
}

}  // namespace fwb

#endif
