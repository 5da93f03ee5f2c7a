// patch_embed.h — Conv(kernel = stride = P) as a linear layer on flattened patches, then the class
// token and the position embedding: x[0] = cls + pos[0], x[1 + p] = W * patch_p + b + pos[1 + p]
// (without a class token, x[p] = W * patch_p + b + pos[p]).
//
// Patch p is flattened in (c, ky, kx) order, the order of an ONNX Conv weight [D][C][P][P], so the
// unified linear unit uses those weights unchanged.
#ifndef FWB_PATCH_EMBED_H
#define FWB_PATCH_EMBED_H

#include <ap_fixed.h>
#include "linear.h"

namespace fwb {

// C x IMG_H x IMG_W image (row-major, one channel after the other) -> T x D tokens.
template <int C, int IMG_H, int IMG_W, int P, int D, int CLS, int TI, int TO, typename PIX_T, typename W_T,
          typename B_T, typename E_T, typename ACC_T, typename OUT_T>
void patch_embed(const PIX_T *img, const W_T *w, const B_T *b, const E_T *cls, const E_T *pos,
                 OUT_T x[(IMG_H / P) * (IMG_W / P) + CLS][D]) {
  const int GW = IMG_W / P;
  const int NP = (IMG_H / P) * GW;
  const int KP = C * P * P;
  static PIX_T patches[NP][KP];
  static OUT_T emb[NP][D];
gather:
  for (int p = 0; p < NP; p++) {
    for (int c = 0; c < C; c++) {
      for (int ky = 0; ky < P; ky++) {
        for (int kx = 0; kx < P; kx++) {
#pragma HLS PIPELINE II = 1
          patches[p][(c * P + ky) * P + kx] = img[(c * IMG_H + (p / GW) * P + ky) * IMG_W + (p % GW) * P + kx];
        }
      }
    }
  }
  linear<NP, KP, D, TI, TO, ACT_NONE, PIX_T, W_T, B_T, ACC_T, OUT_T>(patches, w, b, emb, NP);
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
