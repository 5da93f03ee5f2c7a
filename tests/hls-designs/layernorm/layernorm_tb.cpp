// Testbench: gamma/beta from data/ln_params.txt (the data directory is a tb.file), inputs from a
// fixed generator, float LayerNorm reference computed here, error in LSBs of the output type.
#include <cmath>
#include <cstdio>
#include <fstream>

#include "layernorm.h"

#ifndef TB_TOL
#error "TB_TOL must come from tb.file_cflags in hls_config.cfg"
#endif

int main() {
  static param_t gamma[D], beta[D];
  static double g_ref[D], b_ref[D];
  std::ifstream f("data/ln_params.txt");
  for (int d = 0; d < D; ++d) {
    double g, b;
    if (!(f >> g >> b)) {
      std::printf("layernorm_tb: data/ln_params.txt is missing or short (row %d)\n", d);
      return 1;
    }
    gamma[d] = g;
    beta[d] = b;
    g_ref[d] = gamma[d].to_double();
    b_ref[d] = beta[d].to_double();
  }
  static data_t x[TOKENS][D], y[TOKENS][D];
  unsigned s = 99u;
  for (int t = 0; t < TOKENS; ++t)
    for (int d = 0; d < D; ++d) {
      s = s * 1664525u + 1013904223u;
      x[t][d] = ((s >> 9) % 12001u) / 1000.0 - 6.0 + 0.5 * (t % 3);
    }
  layernorm_top(x, gamma, beta, y);

  double max_err = 0;
  int bad = 0;
  for (int t = 0; t < TOKENS; ++t) {
    double mean = 0, var = 0;
    for (int d = 0; d < D; ++d) mean += x[t][d].to_double();
    mean /= D;
    for (int d = 0; d < D; ++d) var += (x[t][d].to_double() - mean) * (x[t][d].to_double() - mean);
    var /= D;
    for (int d = 0; d < D; ++d) {
      double ref = (x[t][d].to_double() - mean) / std::sqrt(var + 1e-5) * g_ref[d] + b_ref[d];
      double err = std::fabs(ref - y[t][d].to_double());
      if (err > max_err) max_err = err;
      if (err > TB_TOL) ++bad;
    }
  }
  std::printf("layernorm_tb: %d tokens x %d, max abs error %.3g (tolerance %g), %d over\n", TOKENS, D, max_err, TB_TOL, bad);
  return bad ? 1 : 0;
}
