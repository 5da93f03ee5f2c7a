// A DATAFLOW pipeline of hls::streams: load -> scale/bias -> GELU (tanh form) -> pack into
// 4-lane vectors -> store, the shape of an MLP epilogue in streaming ViT accelerators.
#ifndef PIPELINE_H
#define PIPELINE_H

#include "hls_stream.h"
#include "hls_vector.h"

constexpr int LEN = 1024;
constexpr int LANES = 4;
typedef float data_t;
typedef hls::vector<data_t, LANES> pack_t;

void pipeline_top(const data_t in[LEN], data_t out[LEN], data_t scale, data_t bias);

#endif
