// Reads one element more than was written. Must stop with a message naming the stream.
#include <cstdio>

#include "hls_stream.h"

int main() {
  hls::stream<int> weights_fifo("weights_fifo");
  weights_fifo.write(1);
  int a = weights_fifo.read();
  std::printf("first read %d\n", a);
  int b = weights_fifo.read();  // empty
  std::printf("second read %d\n", b);
  return 0;
}
