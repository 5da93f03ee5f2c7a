// hls_stream.h — C-simulation model of hls::stream<T> (written from UG1399's documented behaviour).
//
// In C simulation a stream is an unbounded FIFO: writes never block, capacity() is the theoretical
// maximum, and the optional depth argument only matters to synthesis. A read from an empty stream
// would hang the RTL, so here it stops the program with a message naming the stream (define
// ALLOW_EMPTY_HLS_STREAM_READS to make it a warning that returns a default value instead).
#ifndef HLS_SIM_HLS_STREAM_H
#define HLS_SIM_HLS_STREAM_H

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <string>

#include "hls_sim_common.h"

namespace hls {

namespace sim_detail {
// Streams built without a name get a numbered one, so messages can still tell them apart.
inline unsigned next_stream_id() {
  static unsigned id = 0;
  return id++;
}
}  // namespace sim_detail

template <typename T, int DEPTH = 0>
class stream;

template <typename T>
class stream<T, 0> {
 public:
  typedef T value_type;

  stream() : name_("hls::stream." + std::to_string(sim_detail::next_stream_id())) {}
  explicit stream(const char* name) : name_(name ? name : "hls::stream") {}
  explicit stream(const std::string& name) : name_(name) {}
  virtual ~stream() {
    if (!fifo_.empty()) {
      std::fflush(stdout);
      std::cerr << "WARNING [HLS SIM]: hls::stream '" << name_ << "' contains leftover data (" << fifo_.size()
                << " element" << (fifo_.size() == 1 ? "" : "s")
                << "), which may result in RTL simulation hanging." << std::endl;
    }
  }

  // Streams model hardware FIFOs: they are passed by reference, never copied.
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;

  // --- blocking access ---
  void write(const T& v) { fifo_.push_back(v); }
  T read() {
    T v = T();
    read(v);
    return v;
  }
  void read(T& v) {
    if (fifo_.empty()) {
      on_empty_read();
      v = T();
      return;
    }
    v = fifo_.front();
    fifo_.pop_front();
  }
  void operator<<(const T& v) { write(v); }
  void operator>>(T& v) { read(v); }

  // --- non-blocking access ---
  bool read_nb(T& v) {
    if (fifo_.empty()) return false;
    v = fifo_.front();
    fifo_.pop_front();
    return true;
  }
  bool write_nb(const T& v) {
    fifo_.push_back(v);
    return true;
  }

  // --- status ---
  bool empty() const { return fifo_.empty(); }
  bool full() const { return false; }  // unbounded in C simulation
  unsigned size() const { return static_cast<unsigned>(fifo_.size()); }
  // UG1399: in C simulation capacity() returns the theoretical limit (MAXINT).
  unsigned capacity() const { return static_cast<unsigned>(INT_MAX); }

  const std::string& name() const { return name_; }
  void set_name(const char* name) { name_ = name ? name : name_; }

 private:
  void on_empty_read() const {
    std::fflush(stdout);
    std::cout.flush();
#ifdef ALLOW_EMPTY_HLS_STREAM_READS
    std::cerr << "WARNING [HLS SIM]: hls::stream '" << name_
              << "' is read while empty; returning a default value (ALLOW_EMPTY_HLS_STREAM_READS)." << std::endl;
#else
    std::cerr << "ERROR [HLS SIM]: hls::stream '" << name_
              << "' is read while empty, which would hang the RTL. Check the producer of '" << name_
              << "' and the number of reads; compile with -DALLOW_EMPTY_HLS_STREAM_READS to make this a warning."
              << std::endl;
    std::exit(1);
#endif
  }

  std::string name_;
  std::deque<T> fifo_;
};

// hls::stream<T, D>: same behaviour in C simulation; D is the FIFO depth used by synthesis.
template <typename T, int DEPTH>
class stream : public stream<T, 0> {
 public:
  static_assert(DEPTH > 0, "hls::stream depth must be positive");
  stream() : stream<T, 0>() {}
  explicit stream(const char* name) : stream<T, 0>(name) {}
  explicit stream(const std::string& name) : stream<T, 0>(name) {}
};

}  // namespace hls

#endif  // HLS_SIM_HLS_STREAM_H
