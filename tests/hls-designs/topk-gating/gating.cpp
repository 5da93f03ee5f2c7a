#include "gating.h"

#include "hls_math.h"

void gating_top(hls::stream<vec_t>& tokens, const data_t wg[EXPERTS][D], hls::stream<gate_t>& gates,
                hls::stream<routed_t>& routed) {
#pragma HLS INTERFACE axis port = tokens
#pragma HLS INTERFACE axis port = gates
#pragma HLS INTERFACE axis port = routed
#pragma HLS INTERFACE m_axi port = wg offset = slave bundle = gmem
  const vec_t* wv = reinterpret_cast<const vec_t*>(&wg[0][0]);
TOKEN:
  for (int t = 0; t < TOKENS; ++t) {
    vec_t x[DV];
    for (int c = 0; c < DV; ++c) x[c] = tokens.read();

    int best[TOPK];
    data_t best_logit[TOPK];
    for (int k = 0; k < TOPK; ++k) {
      best[k] = -1;
      best_logit[k] = -1e30f;
    }
  EXPERT:
    for (int e = 0; e < EXPERTS; ++e) {
#pragma HLS PIPELINE II = 1
      vec_t acc = 0.0f;
      for (int c = 0; c < DV; ++c) acc += x[c] * wv[e * DV + c];
      data_t logit = acc.reduce_add();
      // Insertion into the sorted top-k list.
      for (int k = 0; k < TOPK; ++k) {
        if (logit > best_logit[k]) {
          for (int j = TOPK - 1; j > k; --j) {
            best_logit[j] = best_logit[j - 1];
            best[j] = best[j - 1];
          }
          best_logit[k] = logit;
          best[k] = e;
          break;
        }
      }
    }
    // Softmax over the selected logits only.
    data_t w[TOPK];
    data_t sum = 0;
    for (int k = 0; k < TOPK; ++k) {
      w[k] = hls::exp(best_logit[k] - best_logit[0]);
      sum += w[k];
    }
    const data_t inv = hls::recip(sum);
    gate_t g;
    for (int k = 0; k < TOPK; ++k) {
      g.expert[k] = best[k];
      g.weight[k] = w[k] * inv;
    }
    gates.write(g);
    for (int k = 0; k < TOPK; ++k) {
      routed_t r;
      for (int c = 0; c < DV; ++c) r.x[c] = x[c];
      r.token = t;
      r.expert = best[k];
      r.weight = g.weight[k];
      routed << r;
    }
  }
}
