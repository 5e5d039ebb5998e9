// Writes a whole file on the libuv thread pool: to a path (the JS side gives a temp path in the
// target's folder and does fsync + rename) or to memory with the core driver (returns the bytes).
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>

#include "attr-entry.h"
#include "worker.h"

namespace icepickle {

namespace {

std::atomic<unsigned long> writeCounter{0};

struct DatasetSpec {
  std::string path;
  DType dtype = DType::Other;
  std::vector<hsize_t> shape;
  const uint8_t* data = nullptr;
  size_t byteLength = 0;
  std::vector<std::string> strings;
  std::vector<hsize_t> chunks;
  int gzip = -1;
  bool shuffle = false;
  std::vector<AttrEntry> attrs;
};

struct GroupSpec {
  std::string path;
  std::vector<AttrEntry> attrs;
};

bool isSafeInteger(double x) { return std::isfinite(x) && std::floor(x) == x && std::fabs(x) <= 9007199254740991.0; }

std::vector<AttrEntry> attrsFromJs(Napi::Value value) {
  std::vector<AttrEntry> out;
  if (!value.IsObject()) return out;
  Napi::Object obj = value.As<Napi::Object>();
  Napi::Array keys = obj.GetPropertyNames();
  for (uint32_t i = 0; i < keys.Length(); i++) {
    AttrEntry a;
    a.name = keys.Get(i).As<Napi::String>().Utf8Value();
    Napi::Value v = obj.Get(a.name);
    if (v.IsString()) {
      a.kind = AttrEntry::Kind::String;
      a.strings.push_back(v.As<Napi::String>().Utf8Value());
    } else if (v.IsBoolean()) {
      a.kind = AttrEntry::Kind::Bool;
      a.numbers.push_back(v.As<Napi::Boolean>().Value() ? 1 : 0);
    } else if (v.IsNumber()) {
      double x = v.As<Napi::Number>().DoubleValue();
      if (isSafeInteger(x)) {
        a.kind = AttrEntry::Kind::BigInt;  // as h5py writes a Python int
        a.bigints.push_back(static_cast<int64_t>(x));
      } else {
        a.kind = AttrEntry::Kind::Number;
        a.numbers.push_back(x);
      }
    } else if (v.IsBigInt()) {
      bool lossless = true;
      a.kind = AttrEntry::Kind::BigInt;
      a.bigints.push_back(v.As<Napi::BigInt>().Int64Value(&lossless));
      if (!lossless) throw Napi::RangeError::New(v.Env(), "attribute " + a.name + ": bigint outside the int64 range");
    } else if (v.IsArray()) {
      Napi::Array arr = v.As<Napi::Array>();
      uint32_t n = arr.Length();
      Napi::Value first = n > 0 ? arr.Get(0u) : Napi::Value();
      if (n > 0 && first.IsString()) {
        a.kind = AttrEntry::Kind::Strings;
        for (uint32_t k = 0; k < n; k++) a.strings.push_back(arr.Get(k).As<Napi::String>().Utf8Value());
      } else if (n > 0 && first.IsBigInt()) {
        a.kind = AttrEntry::Kind::BigInts;
        bool lossless = true;
        for (uint32_t k = 0; k < n; k++) a.bigints.push_back(arr.Get(k).As<Napi::BigInt>().Int64Value(&lossless));
      } else {
        a.kind = AttrEntry::Kind::Numbers;
        for (uint32_t k = 0; k < n; k++) a.numbers.push_back(arr.Get(k).As<Napi::Number>().DoubleValue());
        if (n > 0 && std::all_of(a.numbers.begin(), a.numbers.end(), isSafeInteger)) {
          a.kind = AttrEntry::Kind::BigInts;
          for (double x : a.numbers) a.bigints.push_back(static_cast<int64_t>(x));
          a.numbers.clear();
        }
      }
    } else {
      continue;  // validated on the JS side
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<hsize_t> dimsFromJs(Napi::Value value) {
  std::vector<hsize_t> out;
  if (!value.IsArray()) return out;
  Napi::Array arr = value.As<Napi::Array>();
  for (uint32_t i = 0; i < arr.Length(); i++) out.push_back(static_cast<hsize_t>(arr.Get(i).As<Napi::Number>().Int64Value()));
  return out;
}

// File types as h5py writes them: little-endian IEEE / two's complement, h5py's bool enum, and
// variable-length UTF-8 strings.
hid_t fileTypeFor(DType d) {
  switch (d) {
    case DType::Float64: return H5Tcopy(H5T_IEEE_F64LE);
    case DType::Float32: return H5Tcopy(H5T_IEEE_F32LE);
    case DType::Int64: return H5Tcopy(H5T_STD_I64LE);
    case DType::Int32: return H5Tcopy(H5T_STD_I32LE);
    case DType::Int16: return H5Tcopy(H5T_STD_I16LE);
    case DType::Int8: return H5Tcopy(H5T_STD_I8LE);
    case DType::Uint64: return H5Tcopy(H5T_STD_U64LE);
    case DType::Uint32: return H5Tcopy(H5T_STD_U32LE);
    case DType::Uint16: return H5Tcopy(H5T_STD_U16LE);
    case DType::Uint8: return H5Tcopy(H5T_STD_U8LE);
    default: return memTypeFor(d);
  }
}

void writeAttribute(hid_t obj, const AttrEntry& a, const std::string& where) {
  bool scalar = a.kind == AttrEntry::Kind::String || a.kind == AttrEntry::Kind::Number || a.kind == AttrEntry::Kind::Bool ||
                a.kind == AttrEntry::Kind::BigInt || a.kind == AttrEntry::Kind::BigUint;
  size_t n = a.strings.size() + a.numbers.size() + a.bigints.size() + a.biguints.size();
  hsize_t dims[1] = {n};
  Hid space(scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, nullptr));
  Hid type;
  Hid memType;
  std::vector<const char*> ptrs;
  std::vector<signed char> bools;
  const void* buffer = nullptr;
  switch (a.kind) {
    case AttrEntry::Kind::String: case AttrEntry::Kind::Strings:
      type.reset(makeVlenUtf8());
      memType.reset(makeVlenUtf8());
      for (const std::string& s : a.strings) ptrs.push_back(s.c_str());
      buffer = ptrs.data();
      break;
    case AttrEntry::Kind::Bool:
      type.reset(makeBoolType());
      memType.reset(makeBoolType());
      bools.push_back(a.numbers.empty() || a.numbers[0] == 0 ? 0 : 1);
      buffer = bools.data();
      break;
    case AttrEntry::Kind::BigInt: case AttrEntry::Kind::BigInts:
      type.reset(H5Tcopy(H5T_STD_I64LE));
      memType.reset(H5Tcopy(H5T_NATIVE_INT64));
      buffer = a.bigints.data();
      break;
    case AttrEntry::Kind::BigUint: case AttrEntry::Kind::BigUints:
      type.reset(H5Tcopy(H5T_STD_U64LE));
      memType.reset(H5Tcopy(H5T_NATIVE_UINT64));
      buffer = a.biguints.data();
      break;
    default:
      type.reset(H5Tcopy(H5T_IEEE_F64LE));
      memType.reset(H5Tcopy(H5T_NATIVE_DOUBLE));
      buffer = a.numbers.data();
      break;
  }
  if (H5Aexists(obj, a.name.c_str()) > 0) H5Adelete(obj, a.name.c_str());
  Hid attr(H5Acreate2(obj, a.name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
  if (!attr.valid()) fail("WRITE_FAILED", "could not create attribute \"" + a.name + "\" on " + where, where);
  if (n > 0 && H5Awrite(attr.get(), memType.get(), buffer) < 0) fail("WRITE_FAILED", "could not write attribute \"" + a.name + "\" on " + where, where);
}

void writeAttributes(hid_t obj, const std::vector<AttrEntry>& attrs, const std::string& where) {
  for (const AttrEntry& a : attrs) writeAttribute(obj, a, where);
}

// Opens (creating as needed) the group at `path` and every parent.
hid_t ensureGroup(hid_t file, const std::string& path) {
  Hid current(H5Gopen2(file, "/", H5P_DEFAULT));
  size_t pos = 1;
  while (pos < path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string::npos) next = path.size();
    std::string name = path.substr(pos, next - pos);
    pos = next + 1;
    if (name.empty()) continue;
    htri_t exists = H5Lexists(current.get(), name.c_str(), H5P_DEFAULT);
    Hid child(exists > 0 ? H5Gopen2(current.get(), name.c_str(), H5P_DEFAULT)
                         : H5Gcreate2(current.get(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    if (!child.valid()) fail("WRITE_FAILED", "could not create group " + path.substr(0, next), path);
    current = std::move(child);
  }
  return current.release();
}

// Creates the dataset (and its parent groups) with its chunks and filters; returns it open.
hid_t createDataset(hid_t file, const DatasetSpec& d, hid_t dapl) {
  size_t slash = d.path.rfind('/');
  std::string parentPath = slash == 0 || slash == std::string::npos ? "/" : d.path.substr(0, slash);
  std::string name = d.path.substr(slash == std::string::npos ? 0 : slash + 1);
  Hid parent(ensureGroup(file, parentPath));
  Hid space(d.shape.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(static_cast<int>(d.shape.size()), d.shape.data(), nullptr));
  Hid type(fileTypeFor(d.dtype));
  Hid dcpl(H5Pcreate(H5P_DATASET_CREATE));
  if (!d.chunks.empty()) {
    if (H5Pset_chunk(dcpl.get(), static_cast<int>(d.chunks.size()), d.chunks.data()) < 0) fail("WRITE_FAILED", "invalid chunk shape for " + d.path, d.path);
    if (d.shuffle) H5Pset_shuffle(dcpl.get());
    if (d.gzip >= 0) H5Pset_deflate(dcpl.get(), static_cast<unsigned>(d.gzip));
  }
  Hid dset(H5Dcreate2(parent.get(), name.c_str(), type.get(), space.get(), H5P_DEFAULT, dcpl.get(), dapl));
  if (!dset.valid()) fail("WRITE_FAILED", "could not create dataset " + d.path, d.path);
  return dset.release();
}

void writeDataset(hid_t file, const DatasetSpec& d) {
  Hid dset(createDataset(file, d, H5P_DEFAULT));
  Hid space(H5Dget_space(dset.get()));
  hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n > 0) {
    herr_t status;
    if (d.dtype == DType::Utf8) {
      std::vector<const char*> ptrs;
      ptrs.reserve(d.strings.size());
      for (const std::string& s : d.strings) ptrs.push_back(s.c_str());
      Hid mem(makeVlenUtf8());
      status = H5Dwrite(dset.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data());
    } else {
      Hid mem(memTypeFor(d.dtype));
      status = H5Dwrite(dset.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, d.data);
    }
    if (status < 0) fail("WRITE_FAILED", "could not write dataset " + d.path, d.path);
  }
  writeAttributes(dset.get(), d.attrs, d.path);
}

DatasetSpec datasetFromJs(Napi::Object ds) {
  DatasetSpec d;
  d.path = ds.Get("path").As<Napi::String>().Utf8Value();
  d.dtype = dtypeFromName(ds.Get("dtype").As<Napi::String>().Utf8Value());
  d.shape = dimsFromJs(ds.Get("shape"));
  d.chunks = dimsFromJs(ds.Get("chunks"));
  Napi::Value gzip = ds.Get("gzip");
  if (gzip.IsNumber()) d.gzip = gzip.As<Napi::Number>().Int32Value();
  d.shuffle = ds.Get("shuffle").ToBoolean().Value();
  Napi::Value data = ds.Get("data");
  if (data.IsTypedArray()) {
    Napi::TypedArray typed = data.As<Napi::TypedArray>();
    d.data = static_cast<const uint8_t*>(typed.ArrayBuffer().Data()) + typed.ByteOffset();
    d.byteLength = typed.ByteLength();
  } else if (data.IsArray()) {
    Napi::Array arr = data.As<Napi::Array>();
    for (uint32_t k = 0; k < arr.Length(); k++) d.strings.push_back(arr.Get(k).As<Napi::String>().Utf8Value());
  }
  d.attrs = attrsFromJs(ds.Get("attrs"));
  return d;
}

// A whole file's contents as the JS side validated them (write-spec.ts); `streamed` datasets have no data.
struct FileSpec {
  std::vector<AttrEntry> rootAttrs;
  std::vector<GroupSpec> groups;
  std::vector<DatasetSpec> datasets;
  std::vector<DatasetSpec> streamed;

  size_t largestAttributeBytes() const {
    size_t largest = 0;
    auto scan = [&](const std::vector<AttrEntry>& attrs) {
      for (const AttrEntry& a : attrs) {
        size_t bytes = (a.numbers.size() + a.bigints.size() + a.biguints.size()) * 8 + a.strings.size() * 16;
        for (const std::string& str : a.strings) bytes += str.size();
        largest = std::max(largest, bytes);
      }
    };
    scan(rootAttrs);
    for (const GroupSpec& g : groups) scan(g.attrs);
    for (const DatasetSpec& d : datasets) scan(d.attrs);
    for (const DatasetSpec& d : streamed) scan(d.attrs);
    return largest;
  }
};

void fileSpecFromJs(Napi::Object spec, FileSpec& out) {
  out.rootAttrs = attrsFromJs(spec.Get("attrs"));
  Napi::Value groups = spec.Get("groups");
  if (groups.IsArray()) {
    Napi::Array arr = groups.As<Napi::Array>();
    for (uint32_t i = 0; i < arr.Length(); i++) {
      Napi::Object g = arr.Get(i).As<Napi::Object>();
      out.groups.push_back({g.Get("path").As<Napi::String>().Utf8Value(), attrsFromJs(g.Get("attrs"))});
    }
  }
  for (const char* key : {"datasets", "streamed"}) {
    Napi::Value list = spec.Get(key);
    if (!list.IsArray()) continue;
    Napi::Array arr = list.As<Napi::Array>();
    for (uint32_t i = 0; i < arr.Length(); i++) (key[0] == 'd' ? out.datasets : out.streamed).push_back(datasetFromJs(arr.Get(i).As<Napi::Object>()));
  }
}

// File access as for every write: strong close, and the 1.8 format only for attributes over 64 KiB.
hid_t writeFapl(const FileSpec& spec) {
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG);
  // Attributes over 64 KiB (a long JSON document, say) do not fit the object headers of HDF5's
  // oldest format, which h5py and we use by default; files holding one use the 1.8 format, where
  // they go to dense attribute storage (h5py reads both).
  if (spec.largestAttributeBytes() > 60 * 1024) H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST);
  return fapl;
}

// Root attributes, groups and whole datasets.
void writeContents(hid_t file, const FileSpec& spec) {
  {
    Hid root(H5Gopen2(file, "/", H5P_DEFAULT));
    writeAttributes(root.get(), spec.rootAttrs, "/");
  }
  for (const GroupSpec& g : spec.groups) {
    Hid group(ensureGroup(file, g.path));
    writeAttributes(group.get(), g.attrs, g.path);
  }
  for (const DatasetSpec& d : spec.datasets) writeDataset(file, d);
}

class WriteWorker : public PromiseWorker {
 public:
  WriteWorker(Napi::Env env, std::string path, Napi::Object spec) : PromiseWorker(env), path_(std::move(path)) {
    specRef_ = Napi::Persistent(spec);  // keeps the typed arrays alive while the worker reads them
    fileSpecFromJs(spec, spec_);
  }

 protected:
  void Run() override {
    H5Lock lock;
    Hid fapl(writeFapl(spec_));
    std::string name = path_;
    if (path_.empty()) {
      H5Pset_fapl_core(fapl.get(), 1 << 20, 0);
      name = "icepickle-write-" + std::to_string(++writeCounter) + ".h5";
    }
    Hid file(H5Fcreate(name.c_str(), path_.empty() ? H5F_ACC_TRUNC : H5F_ACC_EXCL, H5P_DEFAULT, fapl.get()));
    if (!file.valid()) fail("WRITE_FAILED", "could not create " + (path_.empty() ? std::string("an in-memory file") : path_));
    writeContents(file.get(), spec_);
    if (H5Fflush(file.get(), H5F_SCOPE_GLOBAL) < 0) fail("WRITE_FAILED", "could not flush the file");
    if (path_.empty()) {
      ssize_t size = H5Fget_file_image(file.get(), nullptr, 0);
      if (size < 0) fail("WRITE_FAILED", "could not get the in-memory file image");
      image_.resize(static_cast<size_t>(size));
      if (H5Fget_file_image(file.get(), image_.data(), image_.size()) < 0) fail("WRITE_FAILED", "could not copy the in-memory file image");
    }
    if (H5Fclose(file.release()) < 0) fail("WRITE_FAILED", "could not close " + name);
  }

  Napi::Value Result() override {
    if (!path_.empty()) return Env().Undefined();
    return Napi::Buffer<uint8_t>::Copy(Env(), image_.data(), image_.size());
  }

 private:
  std::string path_;
  Napi::ObjectReference specRef_;
  FileSpec spec_;
  std::vector<uint8_t> image_;
};

// --- streaming writes: a file created once, its large datasets filled block by block ------------

// An HDF5 file being written by a StreamingWriter (src/streaming-writer.ts): open between calls,
// every operation on the thread pool under the HDF5 lock. The GC closes it if JS never does (the
// temp file is then left for the JS side's exit hook to remove).
class StreamHandle : public Napi::ObjectWrap<StreamHandle> {
 public:
  static Napi::FunctionReference* constructor;
  static Napi::Function Init(Napi::Env env) {
    Napi::Function fn = DefineClass(env, "StreamHandle", {});
    constructor = new Napi::FunctionReference(Napi::Persistent(fn));
    return fn;
  }
  explicit StreamHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<StreamHandle>(info) {}
  ~StreamHandle() override {
    H5Lock lock;
    closeAll();
    H5Eclear2(H5E_DEFAULT);
  }

  // Caller holds the lock.
  void adopt(hid_t file, std::vector<std::pair<std::string, hid_t>> datasets) {
    file_ = file;
    datasets_ = std::move(datasets);
  }
  hid_t dataset(const std::string& path) const {
    if (file_ < 0) fail("CLOSED", "the file is already closed", path);
    for (const auto& [p, id] : datasets_) if (p == path) return id;
    fail("INVALID_INPUT", "\"" + path + "\" is not a streamed dataset of this file", path);
  }
  // Closes every dataset, then the file; false when HDF5 reported a failure (data may be lost).
  bool closeAll() {
    bool ok = true;
    for (auto& [p, id] : datasets_) ok = H5Dclose(id) >= 0 && ok;
    datasets_.clear();
    if (file_ >= 0) ok = H5Fclose(file_) >= 0 && ok;
    file_ = H5I_INVALID_HID;
    return ok;
  }

 private:
  hid_t file_ = H5I_INVALID_HID;
  std::vector<std::pair<std::string, hid_t>> datasets_;
};

Napi::FunctionReference* StreamHandle::constructor = nullptr;

// A chunk cache that keeps the partial chunks at block edges while whole chunks go straight out
// (w0 = 1): blocks not aligned to chunks are then compressed once, not once per block.
hid_t streamingDapl(const DatasetSpec& d) {
  hid_t dapl = H5Pcreate(H5P_DATASET_ACCESS);
  if (d.chunks.empty()) return dapl;
  size_t chunkBytes = std::max<size_t>(1, dtypeSize(d.dtype));
  for (hsize_t c : d.chunks) chunkBytes *= static_cast<size_t>(c);
  size_t bytes = std::min<size_t>(32u << 20, std::max<size_t>(1u << 20, chunkBytes * 16));
  size_t slots = std::max<size_t>(521, (bytes / chunkBytes) * 100) | 1;
  H5Pset_chunk_cache(dapl, slots, bytes, 1.0);
  return dapl;
}

class CreateStreamWorker : public PromiseWorker {
 public:
  CreateStreamWorker(Napi::Env env, std::string path, Napi::Object spec) : PromiseWorker(env), path_(std::move(path)) {
    specRef_ = Napi::Persistent(spec);
    fileSpecFromJs(spec, spec_);
  }

 protected:
  void Run() override {
    H5Lock lock;
    Hid fapl(writeFapl(spec_));
    Hid file(H5Fcreate(path_.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, fapl.get()));
    if (!file.valid()) fail("WRITE_FAILED", "could not create " + path_);
    writeContents(file.get(), spec_);
    std::vector<Hid> opened;
    for (const DatasetSpec& d : spec_.streamed) {
      Hid dapl(streamingDapl(d));
      opened.emplace_back(createDataset(file.get(), d, dapl.get()));
      writeAttributes(opened.back().get(), d.attrs, d.path);
    }
    // Metadata on disk now: a file abandoned midway is at least a readable HDF5 file.
    if (H5Fflush(file.get(), H5F_SCOPE_GLOBAL) < 0) fail("WRITE_FAILED", "could not flush " + path_);
    for (size_t i = 0; i < opened.size(); i++) datasets_.emplace_back(spec_.streamed[i].path, opened[i].release());
    file_ = file.release();
  }

  Napi::Value Result() override {
    Napi::Object handle = StreamHandle::constructor->New({});
    StreamHandle::Unwrap(handle)->adopt(file_, std::move(datasets_));
    return handle;
  }

 private:
  std::string path_;
  Napi::ObjectReference specRef_;
  FileSpec spec_;
  hid_t file_ = H5I_INVALID_HID;
  std::vector<std::pair<std::string, hid_t>> datasets_;
};

class StreamWriteWorker : public PromiseWorker {
 public:
  StreamWriteWorker(Napi::Env env, Napi::Object handle, std::string path, std::vector<hsize_t> start, std::vector<hsize_t> count, Napi::TypedArray data)
      : PromiseWorker(env), path_(std::move(path)), start_(std::move(start)), count_(std::move(count)) {
    handleRef_ = Napi::Persistent(handle);
    dataRef_ = Napi::Persistent(data.As<Napi::Object>());  // the block stays alive until written
    handle_ = StreamHandle::Unwrap(handle);
    dtype_ = data.TypedArrayType() == napi_float32_array ? DType::Float32 : data.TypedArrayType() == napi_float64_array ? DType::Float64 : DType::Other;
    data_ = static_cast<const uint8_t*>(data.ArrayBuffer().Data()) + data.ByteOffset();
    byteLength_ = data.ByteLength();
  }

 protected:
  void Run() override {
    H5Lock lock;
    hid_t dset = handle_->dataset(path_);
    if (dtype_ == DType::Other) fail("INVALID_INPUT", "a block must be a Float64Array or a Float32Array", path_);
    Hid space(H5Dget_space(dset));
    int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 1 || static_cast<size_t>(rank) != start_.size() || start_.size() != count_.size()) fail("INVALID_INPUT", "the block's rank does not match " + path_, path_);
    std::vector<hsize_t> dims(static_cast<size_t>(rank));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    size_t n = 1;
    for (int i = 0; i < rank; i++) {
      if (start_[i] + count_[i] > dims[i] || count_[i] == 0) fail("INVALID_INPUT", "the block lies outside " + path_, path_);
      n *= static_cast<size_t>(count_[i]);
    }
    if (n * dtypeSize(dtype_) != byteLength_) fail("INVALID_INPUT", "the block's size does not match its shape", path_);
    if (H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start_.data(), nullptr, count_.data(), nullptr) < 0) fail("WRITE_FAILED", "could not select the block in " + path_, path_);
    Hid memSpace(H5Screate_simple(rank, count_.data(), nullptr));
    Hid memType(memTypeFor(dtype_));
    if (H5Dwrite(dset, memType.get(), memSpace.get(), space.get(), H5P_DEFAULT, data_) < 0) fail("WRITE_FAILED", "could not write a block of " + path_, path_);
  }

 private:
  Napi::ObjectReference handleRef_;
  Napi::ObjectReference dataRef_;
  StreamHandle* handle_;
  std::string path_;
  std::vector<hsize_t> start_;
  std::vector<hsize_t> count_;
  DType dtype_;
  const uint8_t* data_;
  size_t byteLength_;
};

class StreamCloseWorker : public PromiseWorker {
 public:
  StreamCloseWorker(Napi::Env env, Napi::Object handle) : PromiseWorker(env) {
    handleRef_ = Napi::Persistent(handle);
    handle_ = StreamHandle::Unwrap(handle);
  }

 protected:
  void Run() override {
    H5Lock lock;
    if (!handle_->closeAll()) fail("WRITE_FAILED", "HDF5 could not flush and close the file");
  }

 private:
  Napi::ObjectReference handleRef_;
  StreamHandle* handle_;
};

template <typename W, typename... Args>
Napi::Value queue(Args&&... args) {
  auto* worker = new W(std::forward<Args>(args)...);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace

// write(tempPath: string | null, spec) → Promise<Buffer | undefined>
Napi::Value Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  auto* worker = new WriteWorker(env, path, info[1].As<Napi::Object>());
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

// createWriter(tempPath, spec with `streamed`) → Promise<StreamHandle>; streamWrite(handle, path,
// start[], count[], Float64Array | Float32Array) → Promise<undefined>; streamClose(handle) → Promise<undefined>.
void RegisterStreamingWrite(Napi::Env env, Napi::Object exports) {
  exports.Set("StreamHandle", StreamHandle::Init(env));
  exports.Set("createWriter", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
    return queue<CreateStreamWorker>(info.Env(), info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::Object>());
  }));
  exports.Set("streamWrite", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
    Napi::Object handle = info[0].As<Napi::Object>();
    if (!handle.InstanceOf(StreamHandle::constructor->Value())) throw Napi::TypeError::New(info.Env(), "not a StreamHandle");
    if (!info[4].IsTypedArray()) throw Napi::TypeError::New(info.Env(), "the block must be a typed array");
    return queue<StreamWriteWorker>(info.Env(), handle, info[1].As<Napi::String>().Utf8Value(), dimsFromJs(info[2]), dimsFromJs(info[3]), info[4].As<Napi::TypedArray>());
  }));
  exports.Set("streamClose", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
    Napi::Object handle = info[0].As<Napi::Object>();
    if (!handle.InstanceOf(StreamHandle::constructor->Value())) throw Napi::TypeError::New(info.Env(), "not a StreamHandle");
    return queue<StreamCloseWorker>(info.Env(), handle);
  }));
}

}  // namespace icepickle
