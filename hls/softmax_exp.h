// softmax_exp.h — hardware-friendly exp(x) for x <= 0, the exponent of a max-subtracted softmax.
//
// Base-2 split: exp(x) = 2^(-y) with y = -x*log2(e) = n + f (n integer, f in [0,1)).
// 2^(-n) is a right shift; 2^(-f) = T[f_hi] * 2^(-f_lo) with a 32-entry table on the top five
// fraction bits and a quadratic for the remaining f_lo < 1/32 (error < 2e-6, below one LSB of a
// 16-fraction-bit output). No floating point, no division, static bounds.
#ifndef FWB_SOFTMAX_EXP_H
#define FWB_SOFTMAX_EXP_H

#include <ap_fixed.h>
#include <ap_int.h>

namespace fwb {

typedef ap_ufixed<32, 10> exp_y_t;   // y = -x*log2(e), saturates beyond 511
typedef ap_ufixed<26, 1> exp_m_t;    // mantissa 2^(-f) in (0.5, 1]
typedef ap_ufixed<24, 0> exp_lo_t;   // f_lo in [0, 1/32)

// 2^(-i/32), i = 0..31 (rounded to the table type).
static const exp_m_t exp2_neg_table[32] = {
    1, 0.97857206208770009, 0.9576032806985737, 0.93708381705514998, 0.91700404320467122, 0.89735453750155358, 0.87812608018664973, 0.85930964906123897, 0.8408964152537145, 0.82287773907698247, 0.80524516597462714, 0.78799042255394325, 0.77110541270397037, 0.75458221379671142, 0.73841307296974967, 0.72259040348852333, 0.70710678118654757, 0.69195494098191601, 0.67712777346844633, 0.66261832157987066, 0.64841977732550482, 0.63452547859586661, 0.620928906036742, 0.60762367999023448, 0.59460355750136051, 0.58186242938878874, 0.56939431737834578, 0.55719337129794622, 0.54525386633262884, 0.53357020033841185, 0.52213689121370688, 0.51094857432705831};

// exp(x) for x <= 0 (x > 0 is treated as 0: the caller subtracted the running max).
template <typename OUT_T, typename IN_T>
OUT_T exp_neg(IN_T x) {
#pragma HLS INLINE
  if (x >= 0) return OUT_T(1.0);
  const ap_ufixed<20, 1> log2e = 1.4426950408889634;
  exp_y_t y = -(x * log2e);
  if (y >= 40) return OUT_T(0.0);  // below 2^-40: zero for any practical output type
  ap_uint<6> n = y.to_uint();
  exp_y_t f = y - n;
  exp_y_t g = f << 5;  // 32 f in [0, 32)
  ap_uint<5> hi = g.to_uint();
  exp_lo_t lo = (g - hi) >> 5;  // f - hi/32
  const ap_ufixed<20, 0> ln2 = 0.6931471805599453;
  exp_lo_t a = lo * ln2;
  exp_m_t p = exp_m_t(1.0) - a + ((a * a) >> 1);
  exp_m_t t = exp2_neg_table[hi.to_uint()];
  ap_ufixed<48, 1> m = t * p;
  ap_ufixed<64, 1> r = m;
  r = r >> n.to_uint();
  return OUT_T(r);
}

}  // namespace fwb

#endif
