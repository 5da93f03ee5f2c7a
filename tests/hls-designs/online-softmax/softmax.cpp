#include "softmax.h"

#include "hls_math.h"

void softmax_top(hls::stream<score_t>& scores, hls::stream<prob_t>& probs) {
#pragma HLS INTERFACE axis port = scores
#pragma HLS INTERFACE axis port = probs
#pragma HLS INTERFACE ap_ctrl_none port = return
ROW:
  for (int r = 0; r < ROWS; ++r) {
    score_t row[COLS];
    acc_t run_max = acc_t(-32);  // below any score_t value
    acc_t run_sum = 0;
  ACCUMULATE:
    for (int c = 0; c < COLS; ++c) {
#pragma HLS PIPELINE II = 1
      score_t s = scores.read();
      row[c] = s;
      acc_t x = s;
      if (x > run_max) {
        // Rescale what has been summed so far to the new maximum.
        run_sum = run_sum * hls::exp(acc_t(run_max - x)) + acc_t(1);
        run_max = x;
      } else {
        run_sum += hls::exp(acc_t(x - run_max));
      }
    }
    const acc_t inv = hls::recip(run_sum);
  NORMALISE:
    for (int c = 0; c < COLS; ++c) {
#pragma HLS PIPELINE II = 1
      acc_t e = hls::exp(acc_t(acc_t(row[c]) - run_max));
      probs.write(prob_t(e * inv));
    }
  }
}
