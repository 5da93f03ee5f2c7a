// hls_vector.h — C-simulation model of hls::vector<T, N> (written from UG1399's "HLS Vector Library").
//
// Storage is exactly N contiguous T with no header and no padding, so real designs can
// reinterpret_cast a `T w[K][N]` weight array to `hls::vector<T, N>*`, stream vectors, and keep them
// in structs. UG1399 also over-aligns the type to the largest power of two dividing sizeof(T)*N; that
// never changes sizeof, but it lets the compiler assume alignment a plain `T w[K][N]` does not have,
// so a reinterpret_cast array could fault under -O2 vector loads. We therefore keep T's own alignment
// unless HLS_SIM_VECTOR_DOC_ALIGN is defined.
#ifndef HLS_SIM_HLS_VECTOR_H
#define HLS_SIM_HLS_VECTOR_H

#include <cstddef>
#include <initializer_list>
#include <ostream>
#include <type_traits>

#include "hls_sim_common.h"

namespace hls {

namespace sim_detail {
constexpr std::size_t vector_gp2(std::size_t n) { return (n > 0 && n % 2 == 0) ? 2 * vector_gp2(n / 2) : 1; }
}  // namespace sim_detail

template <typename T, std::size_t N>
class vector;

namespace sim_detail {
template <typename X>
struct is_hls_vector : std::false_type {};
template <typename T, std::size_t N>
struct is_hls_vector<vector<T, N>> : std::true_type {};
// A scalar operand of a vector operation: anything that is not itself an hls::vector.
template <typename U>
using if_scalar = typename std::enable_if<!is_hls_vector<typename std::decay<U>::type>::value, int>::type;
// A callable taking an element index (for the generator constructor), as opposed to a value.
template <typename F, typename T, typename = void>
struct is_generator : std::false_type {};
template <typename F, typename T>
struct is_generator<F, T, decltype(void(std::declval<F&>()(std::size_t(0))))>
    : std::integral_constant<bool, !std::is_convertible<F, T>::value> {};
}  // namespace sim_detail

template <typename T, std::size_t N>
class
#ifdef HLS_SIM_VECTOR_DOC_ALIGN
    alignas(sim_detail::vector_gp2(sizeof(T) * N))
#endif
        vector {
  static_assert(N > 0, "hls::vector size must be greater than zero");

 public:
  typedef T value_type;
  typedef T* iterator;
  typedef const T* const_iterator;

  // Uninitialised, like a built-in: `hls::vector<int, 4> x;`.
  vector() = default;
  // Broadcast: `hls::vector<int, 4> y = 10;` sets every element.
  template <typename U, sim_detail::if_scalar<U> = 0,
            typename std::enable_if<(std::is_convertible<U, T>::value || std::is_constructible<T, U>::value) &&
                                        !sim_detail::is_generator<U, T>::value,
                                    int>::type = 0>
  vector(const U& v) {
    for (std::size_t i = 0; i < N; ++i) data_[i] = T(v);
  }
  // Generator: `hls::vector<int, 8> v([](size_t i) { return i * i; });` sets element i to f(i).
  template <typename F, typename std::enable_if<sim_detail::is_generator<F, T>::value, int>::type = 0>
  explicit vector(F f) {
    for (std::size_t i = 0; i < N; ++i) data_[i] = T(f(i));
  }
  // Arithmetic sequence start, start + 1, ... (like std::iota).
  static vector iota(const T& start) {
    vector r;
    T v = start;
    for (std::size_t i = 0; i < N; ++i) {
      r.data_[i] = v;
      ++v;
    }
    return r;
  }
  // Element list: `hls::vector<int, 4> z = {1, 2, 3, 4};` (missing elements are value-initialised).
  vector(std::initializer_list<T> l) {
    std::size_t i = 0;
    for (const T& e : l) {
      if (i == N) break;
      data_[i++] = e;
    }
    for (; i < N; ++i) data_[i] = T();
  }

  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  static constexpr std::size_t size() { return N; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  iterator begin() { return data_; }
  iterator end() { return data_ + N; }
  const_iterator begin() const { return data_; }
  const_iterator end() const { return data_ + N; }

#define HLS_SIM_VECTOR_COMPOUND(OP)                                 \
  vector& operator OP(const vector & o) {                           \
    for (std::size_t i = 0; i < N; ++i) data_[i] OP o.data_[i];     \
    return *this;                                                   \
  }                                                                 \
  template <typename U, sim_detail::if_scalar<U> = 0>               \
  vector& operator OP(const U & s) {                                \
    for (std::size_t i = 0; i < N; ++i) data_[i] OP s;              \
    return *this;                                                   \
  }
  HLS_SIM_VECTOR_COMPOUND(+=)
  HLS_SIM_VECTOR_COMPOUND(-=)
  HLS_SIM_VECTOR_COMPOUND(*=)
  HLS_SIM_VECTOR_COMPOUND(/=)
  HLS_SIM_VECTOR_COMPOUND(%=)
  HLS_SIM_VECTOR_COMPOUND(&=)
  HLS_SIM_VECTOR_COMPOUND(|=)
  HLS_SIM_VECTOR_COMPOUND(^=)
  HLS_SIM_VECTOR_COMPOUND(<<=)
  HLS_SIM_VECTOR_COMPOUND(>>=)
#undef HLS_SIM_VECTOR_COMPOUND

  vector& operator++() {
    for (std::size_t i = 0; i < N; ++i) ++data_[i];
    return *this;
  }
  vector& operator--() {
    for (std::size_t i = 0; i < N; ++i) --data_[i];
    return *this;
  }
  vector operator++(int) {
    vector old = *this;
    ++*this;
    return old;
  }
  vector operator--(int) {
    vector old = *this;
    --*this;
    return old;
  }

  vector operator+() const { return *this; }
  vector operator-() const {
    vector r;
    for (std::size_t i = 0; i < N; ++i) r.data_[i] = T(-data_[i]);
    return r;
  }
  vector operator~() const {
    vector r;
    for (std::size_t i = 0; i < N; ++i) r.data_[i] = T(~data_[i]);
    return r;
  }
  vector operator!() const {
    vector r;
    for (std::size_t i = 0; i < N; ++i) r.data_[i] = T(!data_[i]);
    return r;
  }

  // Reductions over all elements, in index order (a left fold, as a sequential C loop would do).
  T reduce_add() const { return fold([](const T& a, const T& b) { return T(a + b); }); }
  T reduce_mult() const { return fold([](const T& a, const T& b) { return T(a * b); }); }
  T reduce_mul() const { return reduce_mult(); }
  T reduce_and() const { return fold([](const T& a, const T& b) { return T(a & b); }); }
  T reduce_or() const { return fold([](const T& a, const T& b) { return T(a | b); }); }
  T reduce_xor() const { return fold([](const T& a, const T& b) { return T(a ^ b); }); }
  T reduce_nand() const { return T(~reduce_and()); }
  T reduce_nor() const { return T(~reduce_or()); }
  T reduce_xnor() const { return T(~reduce_xor()); }
  T reduce_min() const { return fold([](const T& a, const T& b) { return b < a ? b : a; }); }
  T reduce_max() const { return fold([](const T& a, const T& b) { return a < b ? b : a; }); }
  // Any associative binary operation, e.g. v.reduce([](T a, T b) { return a + b; }).
  template <typename F>
  T reduce(F f) const {
    return fold(f);
  }

 private:
  template <typename F>
  T fold(F f) const {
    T acc = data_[0];
    for (std::size_t i = 1; i < N; ++i) acc = f(acc, data_[i]);
    return acc;
  }

  T data_[N];
};

// Element-wise binary operators: vector with vector, vector with scalar, scalar with vector.
#define HLS_SIM_VECTOR_BINARY(OP)                                                        \
  template <typename T, std::size_t N>                                                  \
  vector<T, N> operator OP(const vector<T, N>& a, const vector<T, N>& b) {              \
    vector<T, N> r;                                                                     \
    for (std::size_t i = 0; i < N; ++i) r[i] = T(a[i] OP b[i]);                         \
    return r;                                                                           \
  }                                                                                     \
  template <typename T, std::size_t N, typename U, sim_detail::if_scalar<U> = 0>        \
  vector<T, N> operator OP(const vector<T, N>& a, const U& s) {                         \
    vector<T, N> r;                                                                     \
    for (std::size_t i = 0; i < N; ++i) r[i] = T(a[i] OP s);                            \
    return r;                                                                           \
  }                                                                                     \
  template <typename T, std::size_t N, typename U, sim_detail::if_scalar<U> = 0>        \
  vector<T, N> operator OP(const U& s, const vector<T, N>& a) {                         \
    vector<T, N> r;                                                                     \
    for (std::size_t i = 0; i < N; ++i) r[i] = T(s OP a[i]);                            \
    return r;                                                                           \
  }
HLS_SIM_VECTOR_BINARY(+)
HLS_SIM_VECTOR_BINARY(-)
HLS_SIM_VECTOR_BINARY(*)
HLS_SIM_VECTOR_BINARY(/)
HLS_SIM_VECTOR_BINARY(%)
HLS_SIM_VECTOR_BINARY(&)
HLS_SIM_VECTOR_BINARY(|)
HLS_SIM_VECTOR_BINARY(^)
#undef HLS_SIM_VECTOR_BINARY

template <typename T, std::size_t N, typename U, sim_detail::if_scalar<U> = 0>
vector<T, N> operator<<(const vector<T, N>& a, const U& s) {
  vector<T, N> r;
  for (std::size_t i = 0; i < N; ++i) r[i] = T(a[i] << s);
  return r;
}
template <typename T, std::size_t N, typename U, sim_detail::if_scalar<U> = 0>
vector<T, N> operator>>(const vector<T, N>& a, const U& s) {
  vector<T, N> r;
  for (std::size_t i = 0; i < N; ++i) r[i] = T(a[i] >> s);
  return r;
}

// Comparisons: equality over all elements, ordering lexicographic (both return bool).
template <typename T, std::size_t N>
bool operator==(const vector<T, N>& a, const vector<T, N>& b) {
  for (std::size_t i = 0; i < N; ++i)
    if (!(a[i] == b[i])) return false;
  return true;
}
template <typename T, std::size_t N>
bool operator!=(const vector<T, N>& a, const vector<T, N>& b) {
  return !(a == b);
}
template <typename T, std::size_t N>
bool operator<(const vector<T, N>& a, const vector<T, N>& b) {
  for (std::size_t i = 0; i < N; ++i) {
    if (a[i] < b[i]) return true;
    if (b[i] < a[i]) return false;
  }
  return false;
}
template <typename T, std::size_t N>
bool operator>(const vector<T, N>& a, const vector<T, N>& b) {
  return b < a;
}
template <typename T, std::size_t N>
bool operator<=(const vector<T, N>& a, const vector<T, N>& b) {
  return !(b < a);
}
template <typename T, std::size_t N>
bool operator>=(const vector<T, N>& a, const vector<T, N>& b) {
  return !(a < b);
}

// Free-function spellings of the reductions.
template <typename T, std::size_t N> T reduce_add(const vector<T, N>& v) { return v.reduce_add(); }
template <typename T, std::size_t N> T reduce_mul(const vector<T, N>& v) { return v.reduce_mult(); }
template <typename T, std::size_t N> T reduce_mult(const vector<T, N>& v) { return v.reduce_mult(); }
template <typename T, std::size_t N> T reduce_and(const vector<T, N>& v) { return v.reduce_and(); }
template <typename T, std::size_t N> T reduce_or(const vector<T, N>& v) { return v.reduce_or(); }
template <typename T, std::size_t N> T reduce_xor(const vector<T, N>& v) { return v.reduce_xor(); }
template <typename T, std::size_t N> T reduce_min(const vector<T, N>& v) { return v.reduce_min(); }
template <typename T, std::size_t N> T reduce_max(const vector<T, N>& v) { return v.reduce_max(); }

template <typename T, std::size_t N>
std::ostream& operator<<(std::ostream& os, const vector<T, N>& v) {
  os << '{';
  for (std::size_t i = 0; i < N; ++i) os << (i ? ", " : "") << v[i];
  return os << '}';
}

}  // namespace hls

#endif  // HLS_SIM_HLS_VECTOR_H
