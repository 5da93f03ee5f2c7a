// Drives each hls/ kernel on data from the TypeScript tests: `kernels_driver KERNEL DIR` reads
// DIR/<name>.f64 (little-endian float64, already on the input type's grid), runs the kernel with the
// generator's default types, and writes DIR/out.f64.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "attention.h"
#include "gelu.h"
#include "layernorm.h"
#include "linear.h"
#include "moe.h"
#include "patch_embed.h"
#include "residual.h"
#include "softmax_exp.h"

typedef ap_fixed<16, 6, AP_RND, AP_SAT> act_t;
typedef ap_fixed<16, 2, AP_RND_CONV, AP_SAT> w_t;
typedef ap_fixed<16, 5, AP_RND_CONV, AP_SAT> b_t;
typedef ap_fixed<40, 16> acc_t;
typedef ap_fixed<16, 2, AP_RND, AP_SAT> sm_t;
typedef ap_ufixed<8, 0, AP_RND, AP_SAT> pix_t;

static std::string g_dir;

static std::vector<double> rd(const char *name) {
  std::string f = g_dir + "/" + name + ".f64";
  FILE *fp = std::fopen(f.c_str(), "rb");
  if (!fp) { std::fprintf(stderr, "cannot open %s\n", f.c_str()); std::exit(3); }
  std::fseek(fp, 0, SEEK_END);
  long n = std::ftell(fp) / 8;
  std::fseek(fp, 0, SEEK_SET);
  std::vector<double> v(n);
  if (n && std::fread(&v[0], 8, n, fp) != (size_t)n) std::exit(3);
  std::fclose(fp);
  return v;
}

static void wr(const std::vector<double> &v) {
  std::string f = g_dir + "/out.f64";
  FILE *fp = std::fopen(f.c_str(), "wb");
  if (v.size()) std::fwrite(&v[0], 8, v.size(), fp);
  std::fclose(fp);
}

template <typename T>
static std::vector<T> cvt(const std::vector<double> &v) {
  std::vector<T> o(v.size());
  for (size_t i = 0; i < v.size(); i++) o[i] = v[i];
  return o;
}

// ---- linear unit: T=8 K=32 N=24 on one instance with room for K, N <= 40; tiles TI x TO (TI = 7,
// TO = 5 do not divide K, N: padded last tiles), rows from rows.f64 ----
typedef acc_t lin_wide_t;
template <int TI, int TO>
static void linear_run(const act_t *in, act_t *out, const w_t *w, const b_t *b, int rows, int K, int N, int act) {
  static lin_wide_t unused[1];
  fwb::linear_unit<8, 40, 40, TI, TO, act_t, w_t, b_t, acc_t, act_t>(in, out, unused, w, w, 0, b, rows, K, N, act, 0);
}

template <int TI, int TO>
static void run_linear(int act) {
  const int T = 8, K = 32, N = 24;
  std::vector<double> x = rd("x"), w = rd("w"), b = rd("b"), r = rd("rows");
  static act_t in[T * K];
  static act_t out[T * N];
  for (int i = 0; i < T * K; i++) in[i] = x[i];
  std::vector<w_t> wq = cvt<w_t>(w);
  std::vector<b_t> bq = cvt<b_t>(b);
  int rows = (int)r[0];
  linear_run<TI, TO>(in, out, &wq[0], &bq[0], rows, K, N, act);
  std::vector<double> o;
  for (int i = 0; i < rows * N; i++) o.push_back(out[i].to_double());
  wr(o);
}

// Two layers of different shapes (K=32 -> N=24 with GELU, then K=24 -> N=20) through the SAME
// instance, their weights at runtime offsets in one array (as the generated top's weight port holds
// them), and weights of the second layer read from the resident (on-chip) copy.
static void run_linear_chain() {
  const int T = 8, K1 = 32, N1 = 24, N2 = 20;
  std::vector<double> x = rd("x"), w = rd("w"), b = rd("b"), r = rd("rows");
  static act_t in[T * K1], mid[T * N1], out[T * N2];
  static lin_wide_t unused[1];
  for (int i = 0; i < T * K1; i++) in[i] = x[i];
  std::vector<w_t> wq = cvt<w_t>(w);
  std::vector<b_t> bq = cvt<b_t>(b);
  static w_t resident[N2 * N1];
  for (int i = 0; i < N2 * N1; i++) resident[i] = wq[N1 * K1 + i];
  const int rows = (int)r[0];
  for (int layer = 0; layer < 2; layer++) {
    const int K = layer ? N1 : K1, N = layer ? N2 : N1;
    fwb::linear_unit<8, 40, 40, 8, 4, act_t, w_t, b_t, acc_t, act_t>(layer ? mid : in, layer ? out : mid, unused,
        &wq[0] + (layer ? N1 * K1 : 0), resident, layer, &bq[0] + (layer ? N1 : 0), rows, K, N,
        layer ? fwb::ACT_NONE : fwb::ACT_GELU, 0);
  }
  std::vector<double> o;
  for (int i = 0; i < rows * N2; i++) o.push_back(out[i].to_double());
  wr(o);
}

// ---- attention: T=13 H=2 HD=8, HP=2, TK=4 (13 keys: a partial last tile), head dim in chunks of DC ----
template <int DC>
static void run_attention() {
  const int T = 13, H = 2, HD = 8, D = H * HD;
  std::vector<double> q = rd("qkv");
  static act_t qkv[T][3 * D];
  static act_t out[T][D];
  for (int t = 0; t < T; t++)
    for (int c = 0; c < 3 * D; c++) qkv[t][c] = q[t * 3 * D + c];
  fwb::attention<T, H, HD, 2, 4, DC, act_t, acc_t, sm_t, act_t>(qkv, out, T, 1.0 / std::sqrt((double)HD));
  std::vector<double> o;
  for (int t = 0; t < T; t++)
    for (int c = 0; c < D; c++) o.push_back(out[t][c].to_double());
  wr(o);
}

// ---- layernorm: T=5 D=48 ----
static void run_layernorm() {
  const int T = 5, D = 48;
  std::vector<double> x = rd("x"), g = rd("gamma"), b = rd("beta");
  static act_t in[T][D], out[T][D];
  for (int t = 0; t < T; t++)
    for (int d = 0; d < D; d++) in[t][d] = x[t * D + d];
  std::vector<b_t> gq = cvt<b_t>(g), bq = cvt<b_t>(b);
  fwb::layernorm<T, D, act_t, b_t, act_t>(in, &gq[0], &bq[0], 1e-6f, out, T);
  std::vector<double> o;
  for (int t = 0; t < T; t++)
    for (int d = 0; d < D; d++) o.push_back(out[t][d].to_double());
  wr(o);
}

// ---- patch embed: 3 x 16 x 16 image, patch 4, D 16, class token: im2col -> linear unit -> tokens ----
static void run_patch_embed() {
  const int C = 3, IH = 16, IW = 16, P = 4, D = 16, NP = (IH / P) * (IW / P), T = NP + 1, KP = C * P * P;
  std::vector<double> img = rd("img"), w = rd("w"), b = rd("b"), cls = rd("cls"), pos = rd("pos");
  std::vector<pix_t> iq = cvt<pix_t>(img);
  std::vector<w_t> wq = cvt<w_t>(w);
  std::vector<b_t> bq = cvt<b_t>(b), cq = cvt<b_t>(cls), pq = cvt<b_t>(pos);
  static act_t patches[NP * KP], emb[T][D], x[T][D];
  static acc_t unused[1];
  fwb::patch_im2col<C, IH, IW, P, pix_t, act_t>(&iq[0], patches);
  fwb::linear_unit<T, KP, D, 16, 8, act_t, w_t, b_t, acc_t, act_t>(patches, &emb[0][0], unused, &wq[0], &wq[0], 0, &bq[0], NP, KP, D, fwb::ACT_NONE, 0);
  fwb::patch_tokens<T, D, NP, 1, act_t, b_t, acc_t, act_t>(emb, &cq[0], &pq[0], x);
  std::vector<double> o;
  for (int t = 0; t < T; t++)
    for (int d = 0; d < D; d++) o.push_back(x[t][d].to_double());
  wr(o);
}

// ---- MoE: T=12 D=16 E=8 top-2 HID=24: gate, route, expert by expert, all linears on ONE unit ----
template <int RENORM>
static void run_moe() {
  const int T = 12, D = 16, E = 8, K = 2, HID = 24;
  std::vector<double> x = rd("x"), wg = rd("wg"), bg = rd("bg"), w1 = rd("w1"), b1 = rd("b1"), w2 = rd("w2"), b2 = rd("b2");
  static act_t in[T][D], out[T][D], xs[T][D], hid[T][HID], ys[T][D];
  static acc_t logits[T][E];
  static unsigned short list[E][T];
  static fwb::moe_prob_t list_w[E][T];
  static int cnt[E];
  static fwb::moe_comb_t comb[T][D];
  for (int t = 0; t < T; t++)
    for (int d = 0; d < D; d++) in[t][d] = x[t * D + d];
  std::vector<w_t> wgq = cvt<w_t>(wg), w1q = cvt<w_t>(w1), w2q = cvt<w_t>(w2);
  std::vector<b_t> bgq = cvt<b_t>(bg), b1q = cvt<b_t>(b1), b2q = cvt<b_t>(b2);
  // one instance (the same template arguments) for the gate and every expert
#define UNIT fwb::linear_unit<T, HID, HID, 8, 8, act_t, w_t, b_t, acc_t, act_t>
  UNIT(&in[0][0], &out[0][0], &logits[0][0], &wgq[0], &wgq[0], 0, &bgq[0], T, D, E, fwb::ACT_NONE, 1);
  fwb::moe_route<T, E, K, RENORM, acc_t>(&logits[0][0], T, list, list_w, cnt);
  fwb::moe_clear<T, D>(comb, T);
  for (int e = 0; e < E; e++) {
    const int n = cnt[e];
    if (n == 0) continue;
    fwb::moe_gather<T, D, E, act_t>(in, list, e, n, xs);
    UNIT(&xs[0][0], &hid[0][0], &logits[0][0], &w1q[0] + e * HID * D, &w1q[0], 0, &b1q[0] + e * HID, n, D, HID, fwb::ACT_GELU, 0);
    UNIT(&hid[0][0], &ys[0][0], &logits[0][0], &w2q[0] + e * D * HID, &w2q[0], 0, &b2q[0] + e * D, n, HID, D, fwb::ACT_NONE, 0);
    fwb::moe_scatter<T, D, E, act_t>(ys, list, list_w, e, n, comb);
  }
#undef UNIT
  fwb::moe_write<T, D, act_t>(comb, out, T);
  std::vector<double> o;
  for (int t = 0; t < T; t++)
    for (int d = 0; d < D; d++) o.push_back(out[t][d].to_double());
  wr(o);
}

// ---- residual: T=4 D=8 ----
static void run_residual() {
  const int T = 4, D = 8;
  std::vector<double> a = rd("a"), b = rd("b");
  static act_t x[T][D], y[T][D];
  for (int t = 0; t < T; t++)
    for (int d = 0; d < D; d++) { x[t][d] = a[t * D + d]; y[t][d] = b[t * D + d]; }
  fwb::residual_add<T, D, act_t, act_t>(x, y, T);
  std::vector<double> o;
  for (int t = 0; t < T; t++)
    for (int d = 0; d < D; d++) o.push_back(x[t][d].to_double());
  wr(o);
}

// ---- element-wise approximations on arbitrary inputs ----
static void run_exp() {
  std::vector<double> x = rd("x"), o;
  for (size_t i = 0; i < x.size(); i++) o.push_back(fwb::exp_neg<sm_t>(acc_t(x[i])).to_double());
  wr(o);
}
static void run_gelu() {
  std::vector<double> x = rd("x"), o;
  for (size_t i = 0; i < x.size(); i++) o.push_back(fwb::gelu<act_t>(acc_t(x[i])).to_double());
  wr(o);
}

int main(int argc, char **argv) {
  if (argc < 3) { std::fprintf(stderr, "usage: kernels_driver KERNEL DIR\n"); return 2; }
  g_dir = argv[2];
  std::string k = argv[1];
  if (k == "linear") run_linear<8, 4>(fwb::ACT_NONE);
  else if (k == "linear_gelu") run_linear<8, 4>(fwb::ACT_GELU);
  else if (k == "linear_pad") run_linear<7, 5>(fwb::ACT_NONE);
  else if (k == "linear_chain") run_linear_chain();
  else if (k == "attention") run_attention<8>();
  else if (k == "attention_dc2") run_attention<2>();
  else if (k == "layernorm") run_layernorm();
  else if (k == "patch_embed") run_patch_embed();
  else if (k == "moe") run_moe<0>();
  else if (k == "moe_renorm") run_moe<1>();
  else if (k == "residual") run_residual();
  else if (k == "exp") run_exp();
  else if (k == "gelu") run_gelu();
  else { std::fprintf(stderr, "unknown kernel %s\n", k.c_str()); return 2; }
  return 0;
}
