// MoE top-k expert gating (M3ViT / Edge-MoE style): token vectors arrive as 16-lane hls::vector
// chunks through a stream, gate logits come from vector multiply + reduce_add against gate weights
// viewed as vectors, the top-k experts are kept with softmax weights over the k, and each token is
// routed (vector payload inside a struct) once per selected expert.
#ifndef GATING_H
#define GATING_H

#include "hls_stream.h"
#include "hls_vector.h"

constexpr int TOKENS = 32;
constexpr int D = 192;
constexpr int LANES = 16;
constexpr int DV = D / LANES;
constexpr int EXPERTS = 16;
constexpr int TOPK = 2;

typedef float data_t;
typedef hls::vector<data_t, LANES> vec_t;

struct gate_t {
  int expert[TOPK];
  data_t weight[TOPK];
};

struct routed_t {
  vec_t x[DV];   // the token
  int token;
  int expert;
  data_t weight;
};

void gating_top(hls::stream<vec_t>& tokens, const data_t wg[EXPERTS][D], hls::stream<gate_t>& gates,
                hls::stream<routed_t>& routed);

#endif
