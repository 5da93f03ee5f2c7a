// moe.h — mixture-of-experts MLP with Edge-MoE's expert-by-expert patch reordering.
//
// 1. Gate: logits = x Wg^T + bg on the unified linear unit, kept in the wide accumulator type so
//    quantisation does not reorder near-equal experts.
// 2. Per token: softmax over the E experts, top-K (first index wins a tie), weights either the
//    softmax probabilities of the chosen experts or those renormalised to sum to 1 (RENORM).
// 3. Reorder: list, for every expert, the tokens routed to it.
// 4. Expert by expert: gather its tokens, run fc1 (+GELU) and fc2 on the same linear unit with
//    rows = its token count, and add weight * output back to those tokens. Each expert's weights are
//    therefore loaded once per image, however many tokens chose it.
//
// Expert weights are contiguous: w1 holds E blocks of HID x D, b1 E x HID, w2 E blocks of D x HID,
// b2 E x D.
#ifndef FWB_MOE_H
#define FWB_MOE_H

#include <ap_fixed.h>
#include <ap_int.h>
#include "linear.h"
#include "softmax_exp.h"

namespace fwb {

typedef ap_ufixed<24, 1> moe_prob_t;
typedef ap_fixed<40, 16> moe_comb_t;

template <int T, int D, int E, int K, int HID, int TI, int TO, int RENORM, typename IN_T, typename W_T,
          typename B_T, typename ACC_T, typename OUT_T>
void moe(const IN_T x[T][D], const W_T *wg, const B_T *bg, const W_T *w1, const B_T *b1, const W_T *w2,
         const B_T *b2, OUT_T out[T][D], int rows) {
  static ACC_T logits[T][E];
  static unsigned char route_idx[T][K];
  static moe_prob_t route_w[T][K];
  static unsigned short list[E][T];
  static moe_prob_t list_w[E][T];
  static int cnt[E];
  static IN_T xs[T][D];
  static OUT_T hid[T][HID];
  static OUT_T ys[T][D];
  static moe_comb_t comb[T][D];

  linear<T, D, E, 1, 1, ACT_NONE, IN_T, W_T, B_T, ACC_T, ACC_T>(x, wg, bg, logits, rows);

gate:
  for (int t = 0; t < rows; t++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
    ACC_T mx = logits[t][0];
    for (int e = 1; e < E; e++)
      if (logits[t][e] > mx) mx = logits[t][e];
    moe_prob_t p[E];
    ap_ufixed<32, 8> sum = 0;
    for (int e = 0; e < E; e++) {
#pragma HLS PIPELINE II = 1
      p[e] = exp_neg<moe_prob_t>(ACC_T(logits[t][e] - mx));
      sum += p[e];
    }
    ap_ufixed<32, 1> inv = 1.0f / sum.to_float();
    bool taken[E];
    for (int e = 0; e < E; e++) taken[e] = false;
    ap_ufixed<32, 2> selsum = 0;
  topk:
    for (int k = 0; k < K; k++) {
      int best = 0;
      bool found = false;
      for (int e = 0; e < E; e++) {
        if (!taken[e] && (!found || p[e] > p[best])) {
          best = e;
          found = true;
        }
      }
      taken[best] = true;
      route_idx[t][k] = best;
      route_w[t][k] = p[best] * inv;
      selsum += route_w[t][k];
    }
    if (RENORM) {
      ap_ufixed<32, 8> rinv = 1.0f / selsum.to_float();  // up to E/K
      for (int k = 0; k < K; k++) route_w[t][k] = route_w[t][k] * rinv;
    }
  }

reorder:
  for (int e = 0; e < E; e++) cnt[e] = 0;
  for (int t = 0; t < rows; t++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
    for (int d = 0; d < D; d++) comb[t][d] = 0;
    for (int k = 0; k < K; k++) {
      int e = route_idx[t][k];
      list[e][cnt[e]] = t;
      list_w[e][cnt[e]] = route_w[t][k];
      cnt[e]++;
    }
  }

experts:
  for (int e = 0; e < E; e++) {
    const int n = cnt[e];
    if (n == 0) continue;  // an expert no token chose costs nothing, not even its weight load
  gather:
    for (int c = 0; c < n; c++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
      for (int d = 0; d < D; d++) {
#pragma HLS PIPELINE II = 1
        xs[c][d] = x[list[e][c]][d];
      }
    }
    linear<T, D, HID, TI, TO, ACT_GELU, IN_T, W_T, B_T, ACC_T, OUT_T>(xs, w1 + e * HID * D, b1 + e * HID, hid, n);
    linear<T, HID, D, TI, TO, ACT_NONE, OUT_T, W_T, B_T, ACC_T, OUT_T>(hid, w2 + e * D * HID, b2 + e * D, ys, n);
  scatter:
    for (int c = 0; c < n; c++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
      for (int d = 0; d < D; d++) {
#pragma HLS PIPELINE II = 1
        comb[list[e][c]][d] += list_w[e][c] * ys[c][d];
      }
    }
  }

write_out:
  for (int t = 0; t < rows; t++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
    for (int d = 0; d < D; d++) {
#pragma HLS PIPELINE II = 1
      out[t][d] = comb[t][d];
    }
  }
}

}  // namespace fwb

#endif
