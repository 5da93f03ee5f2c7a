#include "pipeline.h"

#include "hls_math.h"

static void load(const data_t in[LEN], hls::stream<data_t>& s) {
  for (int i = 0; i < LEN; ++i) {
#pragma HLS PIPELINE II = 1
    s.write(in[i]);
  }
}

static void scale_bias(hls::stream<data_t>& in, hls::stream<data_t>& out, data_t scale, data_t bias) {
  for (int i = 0; i < LEN; ++i) {
#pragma HLS PIPELINE II = 1
    data_t v;
    in >> v;
    out << v * scale + bias;
  }
}

static void gelu(hls::stream<data_t>& in, hls::stream<data_t>& out) {
  const data_t k0 = 0.7978845608f;  // sqrt(2/pi)
  const data_t k1 = 0.044715f;
  for (int i = 0; i < LEN; ++i) {
#pragma HLS PIPELINE II = 1
    data_t x = in.read();
    data_t t = hls::tanh(k0 * (x + k1 * x * x * x));
    out.write(0.5f * x * (1.0f + t));
  }
}

static void pack(hls::stream<data_t>& in, hls::stream<pack_t>& out) {
  for (int i = 0; i < LEN / LANES; ++i) {
#pragma HLS PIPELINE II = LANES
    pack_t p;
    for (int l = 0; l < LANES; ++l) p[l] = in.read();
    out.write(p);
  }
}

static void store(hls::stream<pack_t>& in, data_t out[LEN]) {
  pack_t* ov = reinterpret_cast<pack_t*>(out);
  for (int i = 0; i < LEN / LANES; ++i) {
#pragma HLS PIPELINE II = 1
    ov[i] = in.read();
  }
}

void pipeline_top(const data_t in[LEN], data_t out[LEN], data_t scale, data_t bias) {
#pragma HLS INTERFACE m_axi port = in offset = slave bundle = gmem
#pragma HLS INTERFACE m_axi port = out offset = slave bundle = gmem
#pragma HLS INTERFACE s_axilite port = scale
#pragma HLS INTERFACE s_axilite port = bias
#pragma HLS INTERFACE s_axilite port = return
#pragma HLS DATAFLOW
  hls::stream<data_t, 16> s_in("s_in");
  hls::stream<data_t, 16> s_scaled("s_scaled");
  hls::stream<data_t, 16> s_act("s_act");
  hls::stream<pack_t, 4> s_packed("s_packed");
  load(in, s_in);
  scale_bias(s_in, s_scaled, scale, bias);
  gelu(s_scaled, s_act);
  pack(s_act, s_packed);
  store(s_packed, out);
}
