// linear.h — the one unified linear compute unit (Edge-MoE style): out[t][n] = act(sum_k in[t][k] *
// W[n][k] + b[n]) for t < rows, n < N, k < K.
//
// One instantiation serves every linear layer of a model: patch embedding (im2col rows), QKV,
// projection, MLP fc1/fc2, every expert, the MoE gate and the head. The template parameters are only
// the tile sizes and the static bounds synthesis needs (MAX_T rows, MAX_K inputs, MAX_N outputs:
// buffer sizes and loop trip counts); K, N, the row count, the activation and the weight source are
// runtime arguments. Operands are flat row-major on-chip arrays (row stride K for in, N for out), so
// every activation buffer of the top can be passed as it is.
//
// Weights arrive one output tile of TO rows at a time, either from DDR (m_axi) or from an on-chip
// array of weights kept resident (loaded once by the top), into a buffer partitioned so TI x TO
// multiply-accumulates run per cycle; each weight is read exactly once per call, however many rows
// use it. K and N need not be multiples of the tiles: the last tile is padded with zero weights and
// masked lanes. Fetch and compute are two processes of a DATAFLOW region connected by a FIFO.
#ifndef FWB_LINEAR_H
#define FWB_LINEAR_H

#include <ap_fixed.h>
#include <ap_int.h>
#include <hls_stream.h>
#include "gelu.h"

namespace fwb {

enum { ACT_NONE = 0, ACT_GELU = 1 };

// Fetch process: TO weight rows (zero rows past N) and their biases per output tile, in tile order.
template <int MAX_K, int MAX_N, int TO, typename W_T, typename B_T>
void linear_unit_fetch(const W_T *w, const W_T *wres, int resident, const B_T *b, hls::stream<W_T> &ws,
                       hls::stream<B_T> &bs, int K, int N) {
fetch_tiles:
  for (int n0 = 0; n0 < N; n0 += TO) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = (MAX_N + TO - 1) / TO
  fetch_rows:
    for (int o = 0; o < TO; o++) {
      const int n = n0 + o;
      const bool live = n < N;
      bs.write(live ? b[n] : B_T(0));
    fetch_k:
      for (int k = 0; k < K; k++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = MAX_K
#pragma HLS PIPELINE II = 1
        W_T v = 0;
        if (live) v = resident ? wres[n * K + k] : w[n * K + k];
        ws.write(v);
      }
    }
  }
}

// Compute process: takes one TO x K weight tile into a partitioned buffer, then runs every row
// through it with TI x TO multiply-accumulates per cycle. wide != 0 writes the raw accumulator to
// out_wide (the MoE gate keeps its logits wide); otherwise out gets act(acc) in OUT_T.
template <int MAX_T, int MAX_K, int MAX_N, int TI, int TO, typename IN_T, typename W_T, typename B_T,
          typename ACC_T, typename OUT_T>
void linear_unit_compute(const IN_T *in, hls::stream<W_T> &ws, hls::stream<B_T> &bs, OUT_T *out, ACC_T *out_wide,
                         int rows, int K, int N, int act, int wide) {
  const int KP = (MAX_K + TI - 1) / TI * TI;
  W_T wbuf[TO][KP];
#pragma HLS ARRAY_PARTITION variable = wbuf dim = 1 complete
#pragma HLS ARRAY_PARTITION variable = wbuf dim = 2 cyclic factor = TI
  B_T bbuf[TO];
#pragma HLS ARRAY_PARTITION variable = bbuf complete
  ACC_T acc[TO];
#pragma HLS ARRAY_PARTITION variable = acc complete

tile_n:
  for (int n0 = 0; n0 < N; n0 += TO) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = (MAX_N + TO - 1) / TO
  load_w:
    for (int o = 0; o < TO; o++) {
      bbuf[o] = bs.read();
      for (int k = 0; k < K; k++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = MAX_K
#pragma HLS PIPELINE II = 1
        wbuf[o][k] = ws.read();
      }
    }
  rows_t:
    for (int t = 0; t < rows; t++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = MAX_T
      for (int o = 0; o < TO; o++) {
#pragma HLS UNROLL
        acc[o] = bbuf[o];
      }
    tile_k:
      for (int k0 = 0; k0 < K; k0 += TI) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = (MAX_K + TI - 1) / TI
#pragma HLS PIPELINE II = 1
        for (int o = 0; o < TO; o++) {
#pragma HLS UNROLL
          ACC_T part = 0;
          for (int i = 0; i < TI; i++) {
#pragma HLS UNROLL
            if (k0 + i < K) part += in[t * K + k0 + i] * wbuf[o][k0 + i];
          }
          acc[o] += part;
        }
      }
      for (int o = 0; o < TO; o++) {
#pragma HLS UNROLL
        const int n = n0 + o;
        if (n < N) {
          if (wide)
            out_wide[t * N + n] = acc[o];
          else if (act == ACT_GELU)
            out[t * N + n] = gelu<OUT_T>(acc[o]);
          else
            out[t * N + n] = acc[o];
        }
      }
    }
  }
}

// The unit. in: rows x K (stride K); out / out_wide: rows x N (stride N); w: N x K weights, row n
// holding output n's K weights (DDR), or wres the same layout on chip when resident != 0; b: N biases.
// Bounds: rows <= MAX_T, K <= MAX_K, N <= MAX_N.
// A DATAFLOW region: the fetch of tile i+1 overlaps the compute of tile i (the weight FIFO holds one
// tile), so the MAC array does not wait for memory between tiles.
template <int MAX_T, int MAX_K, int MAX_N, int TI, int TO, typename IN_T, typename W_T, typename B_T,
          typename ACC_T, typename OUT_T>
void linear_unit(const IN_T *in, OUT_T *out, ACC_T *out_wide, const W_T *w, const W_T *wres, int resident,
                 const B_T *b, int rows, int K, int N, int act, int wide) {
#pragma HLS DATAFLOW
  hls::stream<W_T> ws("linear_weights");
#pragma HLS STREAM variable = ws depth = TO * MAX_K
  hls::stream<B_T> bs("linear_biases");
#pragma HLS STREAM variable = bs depth = TO
  linear_unit_fetch<MAX_K, MAX_N, TO, W_T, B_T>(w, wres, resident, b, ws, bs, K, N);
  linear_unit_compute<MAX_T, MAX_K, MAX_N, TI, TO, IN_T, W_T, B_T, ACC_T, OUT_T>(in, ws, bs, out, out_wide, rows, K, N,
                                                                             act, wide);
}

}  // namespace fwb

#endif
