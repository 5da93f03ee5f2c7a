// attention.h — multi-head attention core, reordered for constant memory bandwidth (Edge-MoE style)
// with a single-pass (online) softmax.
//
// Loop order: heads (HP at a time) -> key tiles (TK keys) -> queries. Each K/V row is read once per
// head and used by every query while it is on chip, so the bandwidth per step does not grow with the
// sequence length. Every query keeps a running max m, running sum l and running weighted sum acc;
// a new tile with a larger max rescales l and acc by exp(m_old - m_new). No score matrix is stored
// and there is no separate max pass.
//
// qkv[t] holds [q | k | v], each D = H * HD wide, head h at columns h*HD..h*HD+HD-1 (the layout of a
// fused QKV projection reshaped to (T, 3, H, HD)). out[t] has head h at columns h*HD (head merge).
#ifndef FWB_ATTENTION_H
#define FWB_ATTENTION_H

#include <ap_fixed.h>
#include <ap_int.h>
#include "softmax_exp.h"

namespace fwb {

typedef ap_fixed<32, 12> attn_sum_t;  // running sum l >= 1 (the max key contributes exp(0))
typedef ap_fixed<40, 16> attn_acc_t;  // running sum of p * v

// T: max tokens; H heads of HD; HP heads in parallel; TK keys per tile; DC multiplies along the head
// dimension per (head, key) lane per cycle (the plan's tiles.attnDim: HD is folded into HD / DC chunks,
// so a small part trades cycles for DSPs; DC = HD is the whole head at once).
// scale: 1/sqrt(HD), a literal from the generated top (constant-propagated by synthesis).
// S_T: score type; P_T: softmax probability type (exp output); OUT_T: output activation type.
template <int T, int H, int HD, int HP, int TK, int DC, typename IN_T, typename S_T, typename P_T, typename OUT_T>
void attention(const IN_T qkv[T][3 * H * HD], OUT_T out[T][H * HD], int rows, const ap_ufixed<32, 1> scale) {
  static_assert(H % HP == 0, "attention: heads must be a multiple of the parallel heads");
  static_assert(HD % DC == 0, "attention: the head dimension must be a multiple of its chunk");
  const int D = H * HD;

  S_T m[HP][T];
  attn_sum_t l[HP][T];
  attn_acc_t acc[HP][T][HD];
#pragma HLS ARRAY_PARTITION variable = m dim = 1 complete
#pragma HLS ARRAY_PARTITION variable = l dim = 1 complete
#pragma HLS ARRAY_PARTITION variable = acc dim = 1 complete
#pragma HLS ARRAY_PARTITION variable = acc dim = 3 cyclic factor = DC
  IN_T kbuf[HP][TK][HD], vbuf[HP][TK][HD];
#pragma HLS ARRAY_PARTITION variable = kbuf dim = 1 complete
#pragma HLS ARRAY_PARTITION variable = kbuf dim = 2 complete
#pragma HLS ARRAY_PARTITION variable = kbuf dim = 3 cyclic factor = DC
#pragma HLS ARRAY_PARTITION variable = vbuf dim = 1 complete
#pragma HLS ARRAY_PARTITION variable = vbuf dim = 2 complete
#pragma HLS ARRAY_PARTITION variable = vbuf dim = 3 cyclic factor = DC

heads:
  for (int h0 = 0; h0 < H; h0 += HP) {
  key_tiles:
    for (int j0 = 0; j0 < rows; j0 += TK) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = (T + TK - 1) / TK
      const int nk = (rows - j0) < TK ? (rows - j0) : TK;
    load_kv:
      for (int jj = 0; jj < TK; jj++) {
        for (int d = 0; d < HD; d++) {
#pragma HLS PIPELINE II = 1
          for (int hh = 0; hh < HP; hh++) {
#pragma HLS UNROLL
            if (jj < nk) {
              kbuf[hh][jj][d] = qkv[j0 + jj][D + (h0 + hh) * HD + d];
              vbuf[hh][jj][d] = qkv[j0 + jj][2 * D + (h0 + hh) * HD + d];
            }
          }
        }
      }
    queries:
      for (int i = 0; i < rows; i++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
        for (int hh = 0; hh < HP; hh++) {
#pragma HLS UNROLL
          S_T s[TK];
#pragma HLS ARRAY_PARTITION variable = s complete
          S_T tmax = 0;
        scores:
          for (int jj = 0; jj < TK; jj++) {
            if (jj < nk) {
              attn_acc_t dot = 0;
            score_chunks:
              for (int d0 = 0; d0 < HD; d0 += DC) {
#pragma HLS PIPELINE II = 1
                for (int d = d0; d < d0 + DC; d++) {
#pragma HLS UNROLL
                  dot += qkv[i][(h0 + hh) * HD + d] * kbuf[hh][jj][d];
                }
              }
              s[jj] = dot * scale;
              if (jj == 0 || s[jj] > tmax) tmax = s[jj];
            }
          }
          const bool first = (j0 == 0);
          S_T mnew = (first || tmax > m[hh][i]) ? tmax : m[hh][i];
          P_T corr = first ? P_T(0.0) : exp_neg<P_T>(S_T(m[hh][i] - mnew));
          attn_sum_t lsum = l[hh][i] * corr;
          attn_acc_t a[HD];
#pragma HLS ARRAY_PARTITION variable = a cyclic factor = DC
          for (int d = 0; d < HD; d++) {
#pragma HLS UNROLL factor = DC
            a[d] = first ? attn_acc_t(0) : attn_acc_t(acc[hh][i][d] * corr);
          }
        accumulate:
          for (int jj = 0; jj < TK; jj++) {
            if (jj < nk) {
              P_T p = exp_neg<P_T>(S_T(s[jj] - mnew));
              lsum += p;
            value_chunks:
              for (int d0 = 0; d0 < HD; d0 += DC) {
#pragma HLS PIPELINE II = 1
                for (int d = d0; d < d0 + DC; d++) {
#pragma HLS UNROLL
                  a[d] += p * vbuf[hh][jj][d];
                }
              }
            }
          }
          for (int d = 0; d < HD; d++) {
#pragma HLS UNROLL factor = DC
            acc[hh][i][d] = a[d];
          }
          l[hh][i] = lsum;
          m[hh][i] = mnew;
        }
      }
    }
  normalise:
    for (int i = 0; i < rows; i++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
      for (int hh = 0; hh < HP; hh++) {
        // l >= 1, so 1/l is in (0, 1]; one reciprocal per query and head.
        ap_ufixed<32, 1> inv = 1.0f / l[hh][i].to_float();
        for (int d = 0; d < HD; d++) {
#pragma HLS PIPELINE II = 1
          out[i][(h0 + hh) * HD + d] = acc[hh][i][d] * inv;
        }
      }
    }
  }
}

}  // namespace fwb

#endif
