// Testbench: random inputs from a seed given on the command line (csim_design -argv), float
// reference computed here in double, relative error check. Returns 0 on pass.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "gemm.h"

static unsigned lcg(unsigned& s) {
  s = s * 1664525u + 1013904223u;
  return s >> 8;
}
static float uniform(unsigned& s) { return static_cast<float>(lcg(s) % 20001u) / 10000.0f - 1.0f; }

int main(int argc, char** argv) {
  int seed = -1;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--seed") == 0) seed = std::atoi(argv[i + 1]);
  if (seed < 0) {
    std::printf("gemm_tb: missing --seed (pass it with csim_design -argv)\n");
    return 2;
  }
  std::printf("gemm_tb: seed %d, M=%d K=%d N=%d, %d-lane vectors\n", seed, M, K, N, TN);

  static data_t x[M][K], w[K][N], bias[N], y[M][N];
  unsigned s = static_cast<unsigned>(seed);
  for (int m = 0; m < M; ++m)
    for (int k = 0; k < K; ++k) x[m][k] = uniform(s);
  for (int k = 0; k < K; ++k)
    for (int n = 0; n < N; ++n) w[k][n] = uniform(s) * 0.1f;
  for (int n = 0; n < N; ++n) bias[n] = uniform(s);

  gemm_top(x, w, bias, y);

  double max_err = 0.0;
  int bad = 0;
  for (int m = 0; m < M; ++m)
    for (int n = 0; n < N; ++n) {
      double ref = bias[n];
      for (int k = 0; k < K; ++k) ref += static_cast<double>(x[m][k]) * w[k][n];
      double err = std::fabs(ref - y[m][n]);
      if (err > max_err) max_err = err;
      if (err > 1e-4 * (1.0 + std::fabs(ref))) ++bad;
    }
  std::printf("gemm_tb: max abs error %.3g, %d mismatches\n", max_err, bad);
  std::printf("%s\n", bad ? "FAIL" : "PASS");
  return bad ? 1 : 0;
}
