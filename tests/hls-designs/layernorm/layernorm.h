// LayerNorm over token rows (ViT: D = 192), with statistics in wide fixed point, the standard
// deviation from hls::sqrt and one hls::recip per token instead of a divide per element.
#ifndef LAYERNORM_H
#define LAYERNORM_H

#include "ap_fixed.h"

#ifndef LN_TOKENS
#error "LN_TOKENS must come from syn.cflags / tb.cflags in hls_config.cfg"
#endif

constexpr int TOKENS = LN_TOKENS;
constexpr int D = 192;

typedef ap_fixed<16, 6> data_t;    // activations
typedef ap_fixed<16, 4> param_t;   // gamma, beta
typedef ap_fixed<40, 16> acc_t;    // sums and sums of squares
typedef ap_fixed<32, 8> stat_t;    // mean, variance, 1/std

void layernorm_top(const data_t x[TOKENS][D], const param_t gamma[D], const param_t beta[D], data_t y[TOKENS][D]);

#endif
