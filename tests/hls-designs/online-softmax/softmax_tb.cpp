// Testbench: random scores, float softmax reference computed here, max abs error checked against
// a tolerance of 4 LSB of the output type prob_t.
#include <cmath>
#include <cstdio>

#include "softmax.h"

int main() {
  hls::stream<score_t> scores("scores");
  hls::stream<prob_t> probs("probs");
  static double ref_in[ROWS][COLS];
  unsigned s = 12345u;
  for (int r = 0; r < ROWS; ++r)
    for (int c = 0; c < COLS; ++c) {
      s = s * 1103515245u + 12345u;
      double v = ((s >> 8) % 16001u) / 1000.0 - 8.0;  // [-8, 8]
      score_t q = v;
      ref_in[r][c] = q.to_double();  // the reference sees the quantised input
      scores.write(q);
    }
  softmax_top(scores, probs);

  double max_err = 0;
  int bad = 0;
  for (int r = 0; r < ROWS; ++r) {
    double m = ref_in[r][0];
    for (int c = 1; c < COLS; ++c) m = std::fmax(m, ref_in[r][c]);
    double sum = 0;
    for (int c = 0; c < COLS; ++c) sum += std::exp(ref_in[r][c] - m);
    for (int c = 0; c < COLS; ++c) {
      double ref = std::exp(ref_in[r][c] - m) / sum;
      double got = probs.read().to_double();
      double err = std::fabs(ref - got);
      if (err > max_err) max_err = err;
      if (err > 4 * std::ldexp(1.0, -17)) ++bad;  // 4 LSB of prob_t
    }
  }
  if (!probs.empty()) {
    std::printf("softmax_tb: %u unexpected extra outputs\n", probs.size());
    return 1;
  }
  std::printf("softmax_tb: %d rows x %d, max abs error %.3g, %d over tolerance\n", ROWS, COLS, max_err, bad);
  return bad ? 1 : 0;
}
