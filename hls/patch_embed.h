// patch_embed.h — Conv(kernel = stride = P) as a linear layer on flattened patches (im2col rows run
// on the unified linear unit, linear.h), then the class token and the position embedding:
// x[0] = cls + pos[0], x[1 + p] = W * patch_p + b + pos[1 + p] (without a class token,
// x[p] = W * patch_p + b + pos[p]).
//
// Patch p is flattened in (c, ky, kx) order, the order of an ONNX Conv weight [D][C][P][P], so the
// linear unit uses those weights unchanged.
#ifndef FWB_PATCH_EMBED_H
#define FWB_PATCH_EMBED_H

#include <ap_fixed.h>

namespace fwb {

// C x IMG_H x IMG_W image (row-major, one channel after the other) -> NP x (C*P*P) rows, flat
// (row stride C*P*P), in the linear unit's input type.
template <int C, int IMG_H, int IMG_W, int P, typename PIX_T, typename OUT_T>
void patch_im2col(const PIX_T *img, OUT_T *patches) {
  const int GW = IMG_W / P;
  const int NP = (IMG_H / P) * GW;
  const int KP = C * P * P;
gather:
  for (int p = 0; p < NP; p++) {
    for (int c = 0; c < C; c++) {
      for (int ky = 0; ky < P; ky++) {
        for (int kx = 0; kx < P; kx++) {
#pragma HLS PIPELINE II = 1
          patches[p * KP + (c * P + ky) * P + kx] = img[(c * IMG_H + (p / GW) * P + ky) * IMG_W + (p % GW) * P + kx];
        }
      }
    }
  }
}

// emb: the linear unit's NP x D output (rows 0..NP-1 of a T x D buffer) -> NP + CLS tokens of x.
template <int T, int D, int NP, int CLS, typename IN_T, typename E_T, typename ACC_T, typename OUT_T>
void patch_tokens(const IN_T emb[T][D], const E_T *cls, const E_T *pos, OUT_T x[T][D]) {
tokens:
  for (int t = 0; t < NP + CLS; t++) {
    for (int d = 0; d < D; d++) {
#pragma HLS PIPELINE II = 1
      ACC_T v = pos[t * D + d];
      if (CLS && t == 0)
        v += cls[d];
      else
        v += emb[t - CLS][d];
      x[t][d] = v;
    }
  }
}

}  // namespace fwb

#endif
