// Testbench: random tokens and gate weights, float reference (logits in double, top-k, softmax over
// the k) computed here; checks expert choices, weights and the routed token payloads.
#include <cmath>
#include <cstdio>

#include "gating.h"

int main() {
  static data_t tok[TOKENS][D], wg[EXPERTS][D];
  unsigned s = 2024u;
  auto rnd = [&s]() {
    s = s * 1664525u + 1013904223u;
    return static_cast<data_t>((s >> 8) % 20001u) / 10000.0f - 1.0f;
  };
  for (int t = 0; t < TOKENS; ++t)
    for (int d = 0; d < D; ++d) tok[t][d] = rnd();
  for (int e = 0; e < EXPERTS; ++e)
    for (int d = 0; d < D; ++d) wg[e][d] = rnd() * 0.2f;

  hls::stream<vec_t> tokens("tokens");
  hls::stream<gate_t> gates("gates");
  hls::stream<routed_t> routed("routed");
  for (int t = 0; t < TOKENS; ++t)
    for (int c = 0; c < DV; ++c) {
      vec_t v;
      for (int l = 0; l < LANES; ++l) v[l] = tok[t][c * LANES + l];
      tokens.write(v);
    }
  gating_top(tokens, wg, gates, routed);

  int bad = 0;
  double max_w_err = 0;
  int per_expert[EXPERTS] = {0};
  for (int t = 0; t < TOKENS; ++t) {
    double logit[EXPERTS];
    for (int e = 0; e < EXPERTS; ++e) {
      logit[e] = 0;
      for (int d = 0; d < D; ++d) logit[e] += static_cast<double>(tok[t][d]) * wg[e][d];
    }
    int ref[TOPK];
    bool used[EXPERTS] = {false};
    for (int k = 0; k < TOPK; ++k) {
      int arg = -1;
      for (int e = 0; e < EXPERTS; ++e)
        if (!used[e] && (arg < 0 || logit[e] > logit[arg])) arg = e;
      used[arg] = true;
      ref[k] = arg;
    }
    double sum = 0, rw[TOPK];
    for (int k = 0; k < TOPK; ++k) sum += (rw[k] = std::exp(logit[ref[k]] - logit[ref[0]]));
    gate_t g = gates.read();
    for (int k = 0; k < TOPK; ++k) {
      if (g.expert[k] != ref[k]) {
        std::printf("token %d: slot %d chose expert %d, reference %d\n", t, k, g.expert[k], ref[k]);
        ++bad;
      }
      double err = std::fabs(g.weight[k] - rw[k] / sum);
      if (err > max_w_err) max_w_err = err;
      if (err > 1e-5) ++bad;
      routed_t r = routed.read();
      if (r.token != t || r.expert != g.expert[k]) ++bad;
      per_expert[r.expert]++;
      for (int c = 0; c < DV; ++c)
        for (int l = 0; l < LANES; ++l)
          if (r.x[c][l] != tok[t][c * LANES + l]) ++bad;
    }
  }
  int routed_total = 0;
  for (int e = 0; e < EXPERTS; ++e) routed_total += per_expert[e];
  std::printf("gating_tb: %d tokens, %d routed, max weight error %.3g, %d mismatches\n", TOKENS, routed_total, max_w_err, bad);
  if (!gates.empty() || !routed.empty()) ++bad;
  return bad ? 1 : 0;
}
