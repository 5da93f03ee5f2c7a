// Tiled GEMM over hls::vector blocks, in the style of ViT/MoE accelerators' linear units:
// y[M][N] = x[M][K] * w[K][N] + bias[N]. Weights arrive as a flat row-major array and are viewed
// as rows of TN-wide vectors through reinterpret_cast, as published designs do.
#ifndef GEMM_H
#define GEMM_H

#include "hls_vector.h"

constexpr int M = 197;  // tokens (ViT-Tiny: 196 patches + class token)
constexpr int K = 192;  // input features
constexpr int N = 768;  // output features (MLP hidden)
constexpr int TN = 16;  // vector lanes (output tile width)
constexpr int NB = N / TN;
static_assert(N % TN == 0, "N must be a multiple of TN");

typedef float data_t;
typedef hls::vector<data_t, TN> vec_t;
static_assert(sizeof(vec_t) == TN * sizeof(data_t), "hls::vector must hold exactly TN elements");

void gemm_top(const data_t x[M][K], const data_t w[K][N], const data_t bias[N], data_t y[M][N]);

#endif
