// An attribute value on its way from JavaScript to libhdf5 (write.cc). Reading attributes is hdf5-js's
// job (@icepickle/hdf5-js describes every file before libhdf5 opens it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace icepickle {

struct AttrEntry {
  enum class Kind { String, Number, Bool, BigInt, BigUint, Strings, Numbers, BigInts, BigUints };
  std::string name;
  Kind kind = Kind::Number;
  std::vector<double> numbers;
  std::vector<int64_t> bigints;
  std::vector<uint64_t> biguints;
  std::vector<std::string> strings;
};

}  // namespace icepickle
