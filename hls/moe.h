// moe.h — mixture-of-experts routing with Edge-MoE's expert-by-expert patch reordering. The linear
// layers (gate, every expert's fc1 and fc2) are NOT here: the top runs them on the one unified linear
// unit (linear.h), between these stages:
//
// 1. Gate: logits = x Wg^T + bg on the linear unit, kept in the wide accumulator type so
//    quantisation does not reorder near-equal experts.
// 2. moe_route: per token, softmax over the E experts, top-K (first index wins a tie), weights either
//    the softmax probabilities of the chosen experts or those renormalised to sum to 1 (RENORM); and
//    the reordering: for every expert, the list of tokens routed to it (in token order).
// 3. Expert by expert: moe_gather its tokens, fc1 (+GELU) and fc2 on the linear unit with
//    rows = its token count, moe_scatter weight * output back onto those tokens. Each expert's weights
//    are therefore loaded once per image, however many tokens chose it; an expert no token chose
//    costs nothing.
// 4. moe_write: the combined rows to the output activation.
//
// Expert weights are contiguous: w1 holds E blocks of HID x D, b1 E x HID, w2 E blocks of D x HID,
// b2 E x D, so expert e's fc1 starts at e * HID * D.
#ifndef FWB_MOE_H
#define FWB_MOE_H

#include <ap_fixed.h>
#include <ap_int.h>
#include "softmax_exp.h"

namespace fwb {

typedef ap_ufixed<24, 1> moe_prob_t;
typedef ap_fixed<40, 16> moe_comb_t;

// logits: rows x E (flat, stride E). list[e][c]: c-th token routed to expert e; list_w its gate
// weight; cnt[e] the number of tokens routed to e.
template <int T, int E, int K, int RENORM, typename ACC_T>
void moe_route(const ACC_T *logits, int rows, unsigned short list[E][T], moe_prob_t list_w[E][T], int cnt[E]) {
  for (int e = 0; e < E; e++) cnt[e] = 0;
gate:
  for (int t = 0; t < rows; t++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
    ACC_T mx = logits[t * E];
    for (int e = 1; e < E; e++)
      if (logits[t * E + e] > mx) mx = logits[t * E + e];
    moe_prob_t p[E];
    ap_ufixed<32, 8> sum = 0;
    for (int e = 0; e < E; e++) {
#pragma HLS PIPELINE II = 1
      p[e] = exp_neg<moe_prob_t>(ACC_T(logits[t * E + e] - mx));
      sum += p[e];
    }
    ap_ufixed<32, 1> inv = 1.0f / sum.to_float();
    bool taken[E];
    for (int e = 0; e < E; e++) taken[e] = false;
    unsigned char idx[K];
    moe_prob_t wk[K];
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
      idx[k] = best;
      wk[k] = p[best] * inv;
      selsum += wk[k];
    }
    if (RENORM) {
      ap_ufixed<32, 8> rinv = 1.0f / selsum.to_float();  // up to E/K
      for (int k = 0; k < K; k++) wk[k] = wk[k] * rinv;
    }
  reorder:
    for (int k = 0; k < K; k++) {
      const int e = idx[k];
      list[e][cnt[e]] = t;
      list_w[e][cnt[e]] = wk[k];
      cnt[e]++;
    }
  }
}

template <int T, int D>
void moe_clear(moe_comb_t comb[T][D], int rows) {
  for (int t = 0; t < rows; t++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
    for (int d = 0; d < D; d++) {
#pragma HLS PIPELINE II = 1
      comb[t][d] = 0;
    }
  }
}

// The n tokens routed to expert e, packed as rows 0..n-1 of xs.
template <int T, int D, int E, typename IN_T>
void moe_gather(const IN_T x[T][D], const unsigned short list[E][T], int e, int n, IN_T xs[T][D]) {
gather:
  for (int c = 0; c < n; c++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
    for (int d = 0; d < D; d++) {
#pragma HLS PIPELINE II = 1
      xs[c][d] = x[list[e][c]][d];
    }
  }
}

// comb[token] += gate weight * expert output, for the n tokens of expert e.
template <int T, int D, int E, typename Y_T>
void moe_scatter(const Y_T ys[T][D], const unsigned short list[E][T], const moe_prob_t list_w[E][T], int e, int n,
                 moe_comb_t comb[T][D]) {
scatter:
  for (int c = 0; c < n; c++) {
#pragma HLS LOOP_TRIPCOUNT min = 1 max = T
    for (int d = 0; d < D; d++) {
#pragma HLS PIPELINE II = 1
      comb[list[e][c]][d] += list_w[e][c] * ys[c][d];
    }
  }
}

template <int T, int D, typename OUT_T>
void moe_write(const moe_comb_t comb[T][D], OUT_T out[T][D], int rows) {
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
