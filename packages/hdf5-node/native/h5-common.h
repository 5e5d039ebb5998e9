// Shared pieces of the addon: the process-wide libhdf5 lock, RAII handles, and the typed failure
// that carries an icepickle error code plus HDF5's own error stack back to JavaScript.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace icepickle {

// libhdf5 is not safe to call from two threads at once (Debian's build is thread-safe, others are
// not), so every call goes through this one lock, held for a whole operation.
std::mutex& h5Mutex();

// Holds the lock and silences HDF5's automatic stderr printing (a per-thread setting in
// thread-safe builds, so it is set again on every worker thread).
class H5Lock {
 public:
  H5Lock();
 private:
  std::lock_guard<std::mutex> guard_;
};

// An error for JavaScript: `code` is an IcepickleErrorCode the JS side uses as is.
struct H5Failure : std::runtime_error {
  std::string code;
  std::string hdf5Stack;
  std::string object;
  H5Failure(std::string code_, const std::string& message, std::string stack = "", std::string object_ = "")
      : std::runtime_error(message), code(std::move(code_)), hdf5Stack(std::move(stack)), object(std::move(object_)) {}
};

// Reads (and clears) the current thread's HDF5 error stack as libhdf5 prints it (H5Eprint2); "" when empty.
std::string takeErrorStack();

// Throws H5Failure with the HDF5 error stack attached.
[[noreturn]] void fail(const std::string& code, const std::string& message, const std::string& object = "");

// Closes an HDF5 identifier with the right H5*close on scope exit.
class Hid {
 public:
  Hid() = default;
  explicit Hid(hid_t id) : id_(id) {}
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;
  Hid(Hid&& other) noexcept : id_(other.id_) { other.id_ = H5I_INVALID_HID; }
  Hid& operator=(Hid&& other) noexcept {
    if (this != &other) { reset(); id_ = other.id_; other.id_ = H5I_INVALID_HID; }
    return *this;
  }
  ~Hid() { reset(); }
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset(hid_t next = H5I_INVALID_HID);
  hid_t release() { hid_t id = id_; id_ = H5I_INVALID_HID; return id; }
 private:
  hid_t id_ = H5I_INVALID_HID;
};

// Checks an HDF5 return value; on a negative one, fails with `code`.
inline hid_t check(hid_t id, const char* code, const std::string& what, const std::string& object = "") {
  if (id < 0) fail(code, what, object);
  return id;
}

// --- types shared by describe / read / write -------------------------------------------------

enum class DType { Float64, Float32, Int64, Int32, Int16, Int8, Uint64, Uint32, Uint16, Uint8, Bool, Utf8, Other };

const char* dtypeName(DType d);
DType dtypeFromName(const std::string& name);
size_t dtypeSize(DType d);  // bytes per element in memory (0 for strings / other)

struct TypeInfo {
  DType dtype = DType::Other;
  size_t itemSize = 0;
  bool vlenString = false;
  std::string description;  // for 'other' and unusual types
};

// Classifies an HDF5 datatype the way the contract names it (h5py's bool enum → bool, strings → utf8).
TypeInfo classifyType(hid_t type);

// The native in-memory type used to read `dtype` (caller closes); strings handled separately.
hid_t memTypeFor(DType d);

// h5py's boolean type: an int8 enum with FALSE = 0 and TRUE = 1 (caller closes).
hid_t makeBoolType();

// A variable-length UTF-8 string type (caller closes).
hid_t makeVlenUtf8();

class RawFile;
// Reads a string dataset or attribute (fixed or variable length) into `out`. With `raw`, variable-length
// references are checked against the file first (see raw-file.h).
void readStrings(hid_t obj, bool isAttr, hid_t fileType, hid_t memSpace, hid_t fileSpace, size_t count, std::vector<std::string>& out,
                 const RawFile* raw, const std::string& what);

}  // namespace icepickle
