// Testbench: reads its input from data/input.txt (added with add_files -tb, so C simulation finds
// it at that relative path), computes the float reference here and checks every output.
#include <cmath>
#include <cstdio>
#include <fstream>

#include "pipeline.h"

int main() {
  std::ifstream f("data/input.txt");
  if (!f) {
    std::printf("pipeline_tb: cannot open data/input.txt\n");
    return 1;
  }
  static data_t in[LEN], out[LEN];
  int n = 0;
  while (n < LEN && (f >> in[n])) ++n;
  if (n != LEN) {
    std::printf("pipeline_tb: data/input.txt has %d values, expected %d\n", n, LEN);
    return 1;
  }
  const data_t scale = 1.5f, bias = -0.25f;
  pipeline_top(in, out, scale, bias);

  int bad = 0;
  double max_err = 0;
  for (int i = 0; i < LEN; ++i) {
    double x = static_cast<double>(in[i]) * scale + bias;
    double ref = 0.5 * x * (1.0 + std::tanh(0.7978845608 * (x + 0.044715 * x * x * x)));
    double err = std::fabs(ref - out[i]);
    if (err > max_err) max_err = err;
    if (err > 1e-5 * (1.0 + std::fabs(ref))) ++bad;
  }
  std::printf("pipeline_tb: %d values, max abs error %.3g, %d mismatches\n", LEN, max_err, bad);
  return bad ? 1 : 0;
}
