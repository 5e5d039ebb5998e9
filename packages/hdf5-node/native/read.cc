// Reads a dataset (whole, a row range, a column list, or both) straight into a JS-owned buffer, on
// the libuv thread pool.
#include <algorithm>
#include <cstring>

#include <unistd.h>

#include "worker.h"

namespace icepickle {

namespace {

// The filters this backend decodes; anything else is refused before reading.
bool allowedFilter(H5Z_filter_t id) { return id == H5Z_FILTER_DEFLATE || id == H5Z_FILTER_SHUFFLE || id == H5Z_FILTER_FLETCHER32; }

class ReadWorker : public PromiseWorker {
 public:
  ReadWorker(Napi::Env env, FileHandle* file, Napi::Object fileObj, std::string path, int64_t rowStart, int64_t rowEnd,
             std::vector<hsize_t> cols, bool hasCols, Napi::Value out, double expectedOffset)
      : PromiseWorker(env), expectedOffset_(expectedOffset), fileId_(file->id()), raw_(file->raw()), path_(std::move(path)), rowStart_(rowStart), rowEnd_(rowEnd),
        cols_(std::move(cols)), hasCols_(hasCols) {
    fileRef_ = Napi::Persistent(fileObj);
    if (out.IsTypedArray()) {
      Napi::TypedArray typed = out.As<Napi::TypedArray>();
      target_ = static_cast<uint8_t*>(typed.ArrayBuffer().Data()) + typed.ByteOffset();
      targetBytes_ = typed.ByteLength();
      outRef_ = Napi::Persistent(out.As<Napi::Object>());
    }
  }

 protected:
  void Run() override {
    H5Lock lock;
    if (fileId_ < 0) fail("CLOSED", "the file is closed");
    Hid dset(H5Dopen2(fileId_, path_.c_str(), H5P_DEFAULT));
    if (!dset.valid()) fail("MISSING_DATASET", "no dataset " + path_, path_);
    checkSafe(dset.get());
    Hid fileType(H5Dget_type(dset.get()));
    TypeInfo type = classifyType(fileType.get());
    if (type.dtype == DType::Other) fail("INVALID_DTYPE", "dataset " + path_ + " has an unsupported type: " + type.description, path_);
    Hid fileSpace(H5Dget_space(dset.get()));
    int rank = H5Sget_simple_extent_ndims(fileSpace.get());
    if (rank < 0) fail("READ_FAILED", "could not read the shape of " + path_, path_);
    std::vector<hsize_t> dims(rank);
    if (rank > 0) H5Sget_simple_extent_dims(fileSpace.get(), dims.data(), nullptr);
    checkContiguous(dset.get(), type);
    checkSameData(dset.get());

    // The selection: a row range over axis 0 and a column set over the last axis.
    std::vector<hsize_t> start(rank, 0), count(dims);
    if (rowStart_ >= 0) {
      if (rank < 1 || static_cast<hsize_t>(rowEnd_) > dims[0] || rowStart_ > rowEnd_) fail("INVALID_INPUT", "row range out of bounds for " + path_, path_);
      start[0] = static_cast<hsize_t>(rowStart_);
      count[0] = static_cast<hsize_t>(rowEnd_ - rowStart_);
    }
    std::vector<hsize_t> unique;
    bool scatter = false;
    const int last = rank - 1;
    if (hasCols_) {
      if (rank < 1 || rank > 2) fail("INVALID_INPUT", "a column selection needs a 1-D or 2-D dataset: " + path_, path_);
      for (hsize_t c : cols_) if (c >= dims[last]) fail("INVALID_INPUT", "column " + std::to_string(c) + " out of bounds for " + path_, path_);
      unique = cols_;
      std::sort(unique.begin(), unique.end());
      unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
      scatter = unique != cols_;
      count[last] = unique.size();
    }
    hsize_t total = 1;
    for (hsize_t c : count) total *= c;
    size_t outCount = total;
    if (hasCols_) outCount = (total / std::max<hsize_t>(unique.size(), 1)) * cols_.size();
    if (unique.empty() && hasCols_) outCount = 0;

    if (targetBytes_ != outCount * dtypeSize(type.dtype)) {
      fail("READ_FAILED", "internal: output buffer has " + std::to_string(targetBytes_) + " bytes, expected " +
                              std::to_string(outCount * dtypeSize(type.dtype)), path_);
    }
    if (total == 0) { outCount_ = outCount; return; }

    // File selection.
    if (rank > 0 && !hasCols_) H5Sselect_hyperslab(fileSpace.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
    std::vector<hsize_t> memDims(count);
    Hid memSpace(rank > 0 ? H5Screate_simple(rank, memDims.data(), nullptr) : H5Screate(H5S_SCALAR));

    Hid memType(memTypeFor(type.dtype));
    size_t item = dtypeSize(type.dtype);
    if (hasCols_ && readColumnsDirect(dset.get(), fileType.get(), type, dims, start[0], count[0], unique, item)) return;
    if (hasCols_ && rank > 0) {
      readColumnRuns(dset.get(), memType.get(), fileSpace.get(), start, count, unique, item, rank);
      return;
    }
    if (!scatter) {
      if (rank > 0 && readRowsDirect(dset.get(), fileType.get(), type, dims, start[0], count[0], item)) return;
      if (H5Dread(dset.get(), memType.get(), memSpace.get(), fileSpace.get(), H5P_DEFAULT, target_) < 0) {
        fail("READ_FAILED", "could not read dataset " + path_, path_);
      }
      return;
    }
    std::vector<uint8_t> staging(total * item);
    if (H5Dread(dset.get(), memType.get(), memSpace.get(), fileSpace.get(), H5P_DEFAULT, staging.data()) < 0) {
      fail("READ_FAILED", "could not read dataset " + path_, path_);
    }
    // Requested order (any order, duplicates allowed) from the sorted unique columns.
    std::vector<size_t> position(cols_.size());
    for (size_t k = 0; k < cols_.size(); k++) position[k] = std::lower_bound(unique.begin(), unique.end(), cols_[k]) - unique.begin();
    size_t rows = total / unique.size();
    for (size_t r = 0; r < rows; r++) {
      const uint8_t* src = staging.data() + r * unique.size() * item;
      uint8_t* dst = target_ + r * cols_.size() * item;
      for (size_t k = 0; k < cols_.size(); k++) std::memcpy(dst + k * item, src + position[k] * item, item);
    }
  }

  Napi::Value Result() override {
    if (outRef_.IsEmpty()) return Napi::Array::New(Env(), 0);
    return Env().Undefined();
  }

 private:
  void checkSafe(hid_t dset) {
    Hid dcpl(H5Dget_create_plist(dset));
    if (!dcpl.valid()) fail("READ_FAILED", "could not read the storage of " + path_, path_);
    if (H5Pget_external_count(dcpl.get()) > 0) {
      fail("UNSAFE_FILE", "dataset " + path_ + " uses external storage; refusing to read files outside the model", path_);
    }
    if (H5Pget_layout(dcpl.get()) == H5D_VIRTUAL) {
      fail("UNSAFE_FILE", "dataset " + path_ + " is a virtual dataset (its data lives in other files); refusing to read it", path_);
    }
    int n = H5Pget_nfilters(dcpl.get());
    for (int i = 0; i < n; i++) {
      unsigned flags = 0, config = 0;
      size_t nValues = 0;
      char name[256] = "";
      H5Z_filter_t id = H5Pget_filter2(dcpl.get(), static_cast<unsigned>(i), &flags, &nValues, nullptr, sizeof name, name, &config);
      if (id < 0 || !allowedFilter(id) || H5Zfilter_avail(id) <= 0) {
        fail("UNSUPPORTED_FILTER", "dataset " + path_ + " uses filter " + std::to_string(id) + (name[0] ? std::string(" (") + name + ")" : "") +
                                       "; only deflate, shuffle and fletcher32 are supported", path_);
      }
    }
    H5Eclear2(H5E_DEFAULT);
  }

  // Column lists of chunked (or converted) datasets: one simple hyperslab read per run of
  // consecutive columns into a staging buffer, then the requested order (duplicates allowed).
  void readColumnRuns(hid_t dset, hid_t memType, hid_t fileSpace, const std::vector<hsize_t>& start, const std::vector<hsize_t>& count,
                      const std::vector<hsize_t>& unique, size_t item, int rank) {
    const int last = rank - 1;
    const size_t nu = unique.size();
    const hsize_t rows = rank == 2 ? count[0] : 1;
    std::vector<uint8_t> all(rows * nu * item);
    std::vector<uint8_t> staging;
    for (size_t i = 0; i < nu;) {
      size_t j = i + 1;
      while (j < nu && unique[j] == unique[j - 1] + 1) j++;
      std::vector<hsize_t> s(start), c(count);
      s[last] = unique[i];
      c[last] = j - i;
      if (H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, s.data(), nullptr, c.data(), nullptr) < 0) fail("READ_FAILED", "could not select columns of " + path_, path_);
      Hid memSpace(H5Screate_simple(rank, c.data(), nullptr));
      const size_t width = (j - i) * item;
      staging.resize(rows * width);
      if (H5Dread(dset, memType, memSpace.get(), fileSpace, H5P_DEFAULT, staging.data()) < 0) fail("READ_FAILED", "could not read dataset " + path_, path_);
      for (hsize_t r = 0; r < rows; r++) std::memcpy(all.data() + (r * nu + i) * item, staging.data() + r * width, width);
      i = j;
    }
    const size_t nc = cols_.size();
    std::vector<size_t> position(nc);
    for (size_t k = 0; k < nc; k++) position[k] = std::lower_bound(unique.begin(), unique.end(), cols_[k]) - unique.begin();
    for (hsize_t r = 0; r < rows; r++) {
      for (size_t k = 0; k < nc; k++) std::memcpy(target_ + (r * nc + k) * item, all.data() + (r * nu + position[k]) * item, item);
    }
    H5Eclear2(H5E_DEFAULT);
  }

  // Where an unfiltered, contiguous, little-endian dataset's `bytes` start in the file, when they
  // can be copied as they are (the type is the output's); HADDR_UNDEF when libhdf5 must read it.
  haddr_t contiguousBytesAt(hid_t dset, hid_t fileType, const TypeInfo& type, uint64_t bytes) {
    hid_t native = H5I_INVALID_HID;
    switch (type.dtype) {
      case DType::Float64: native = H5T_IEEE_F64LE; break;
      case DType::Float32: native = H5T_IEEE_F32LE; break;
      case DType::Int64: native = H5T_STD_I64LE; break;
      case DType::Int32: native = H5T_STD_I32LE; break;
      case DType::Int16: native = H5T_STD_I16LE; break;
      case DType::Int8: native = H5T_STD_I8LE; break;
      case DType::Uint64: native = H5T_STD_U64LE; break;
      case DType::Uint32: native = H5T_STD_U32LE; break;
      case DType::Uint16: native = H5T_STD_U16LE; break;
      case DType::Uint8: native = H5T_STD_U8LE; break;
      default: return HADDR_UNDEF;
    }
    if (H5Tequal(fileType, native) <= 0) return HADDR_UNDEF;  // conversions stay with libhdf5
    Hid dcpl(H5Dget_create_plist(dset));
    if (H5Pget_layout(dcpl.get()) != H5D_CONTIGUOUS || H5Pget_external_count(dcpl.get()) != 0 || H5Pget_nfilters(dcpl.get()) != 0) return HADDR_UNDEF;
    haddr_t offset = H5Dget_offset(dset);
    H5Eclear2(H5E_DEFAULT);
    if (offset == HADDR_UNDEF || offset > raw_->size() || bytes > raw_->size() - offset) return HADDR_UNDEF;
    if (raw_->openFd() < 0 && !raw_->imageData()) return HADDR_UNDEF;
    return offset;
  }

  // Whole datasets and row ranges of contiguous data (rows are adjacent on disk): one pread per
  // 64 MiB straight into the output, as a plain file read would (libhdf5's H5Dread is slower on big
  // models: bench/RESULTS.md).
  bool readRowsDirect(hid_t dset, hid_t fileType, const TypeInfo& type, const std::vector<hsize_t>& dims, hsize_t rowStart, hsize_t rowCount, size_t item) {
    if (!raw_ || !target_ || dims.empty()) return false;
    uint64_t rowBytes = item;
    for (size_t d = 1; d < dims.size(); d++) rowBytes *= dims[d];
    haddr_t offset = contiguousBytesAt(dset, fileType, type, dims[0] * rowBytes);
    if (offset == HADDR_UNDEF) return false;
    const uint64_t total = rowCount * rowBytes;
    if (targetBytes_ != total) return false;
    constexpr uint64_t kStep = 64u << 20;
    const int fd = raw_->openFd();
    for (uint64_t done = 0; done < total; done += kStep) {
      const uint64_t n = std::min(kStep, total - done);
      if (!raw_->readAt(fd, offset + rowStart * rowBytes + done, n, target_ + done)) fail("READ_FAILED", "could not read dataset " + path_ + " (the file is shorter than its dataset)", path_);
    }
    return true;
  }

  // Column lists of a contiguous, native-order dataset: read straight from the file with our own
  // gather (libhdf5 would issue one read per value with no sieve buffer, or read 64 KiB around each
  // value with one). Values closer than kMergeGap bytes in a row are read as one span: one system
  // call costs about as much as copying a few KiB from the page cache. False when not applicable.
  bool readColumnsDirect(hid_t dset, hid_t fileType, const TypeInfo& type, const std::vector<hsize_t>& dims, hsize_t rowStart,
                         hsize_t rowCount, const std::vector<hsize_t>& unique, size_t item) {
    constexpr uint64_t kMergeGap = 8192;
    if (!raw_ || unique.empty() || dims.empty() || dims.size() > 2) return false;
    hsize_t nCols = dims.back();
    hsize_t nRows = dims.size() == 2 ? dims[0] : 1;
    haddr_t offset = contiguousBytesAt(dset, fileType, type, nRows * nCols * item);
    if (offset == HADDR_UNDEF) return false;
    if (dims.size() == 1) { rowStart = 0; rowCount = 1; }
    // Where each unique column goes in the output (requested order, duplicates allowed).
    std::vector<std::vector<size_t>> targets(unique.size());
    for (size_t k = 0; k < cols_.size(); k++) targets[std::lower_bound(unique.begin(), unique.end(), cols_[k]) - unique.begin()].push_back(k);
    struct Span { size_t first, last; };
    std::vector<Span> spans;
    for (size_t i = 0; i < unique.size();) {
      size_t j = i;
      while (j + 1 < unique.size() && (unique[j + 1] - unique[j] - 1) * item <= kMergeGap) j++;
      spans.push_back({i, j});
      i = j + 1;
    }
    int fd = raw_->openFd();  // libhdf5's own file (duplicated), or -1 for an in-memory image
    if (fd < 0 && !raw_->imageData()) return false;
    std::vector<uint8_t> scratch;
    bool ok = true;
    for (hsize_t r = 0; ok && r < rowCount; r++) {
      uint64_t rowBase = offset + (rowStart + r) * nCols * item;
      uint8_t* outRow = target_ + r * cols_.size() * item;
      for (const Span& span : spans) {
        size_t n = (unique[span.last] - unique[span.first] + 1) * item;
        scratch.resize(n);
        if (!raw_->readAt(fd, rowBase + unique[span.first] * item, n, scratch.data())) { ok = false; break; }
        for (size_t u = span.first; u <= span.last; u++) {
          const uint8_t* src = scratch.data() + (unique[u] - unique[span.first]) * item;
          for (size_t k : targets[u]) std::memcpy(outRow + k * item, src, item);
        }
      }
    }
    if (!ok) fail("READ_FAILED", "could not read columns of " + path_ + " (the file is shorter than its dataset)", path_);
    return true;
  }

  // JavaScript sends only contiguous numeric datasets here (hdf5-js reads the rest, and checked every
  // layout when it described the file); libhdf5 must also find the storage inside the file.
  void checkContiguous(hid_t dset, const TypeInfo& type) {
    if (type.dtype == DType::Utf8) fail("NOT_SUPPORTED", "internal: strings are read by hdf5-js, not the addon: " + path_, path_);
    Hid dcpl(H5Dget_create_plist(dset));
    if (H5Pget_layout(dcpl.get()) != H5D_CONTIGUOUS) fail("NOT_SUPPORTED", "internal: the addon reads contiguous datasets only: " + path_, path_);
    H5Eclear2(H5E_DEFAULT);
    H5Dget_storage_size(dset);
    if (H5Eget_num(H5E_DEFAULT) > 0) fail("READ_FAILED", "damaged dataset " + path_ + ": its storage lies outside the file", path_);
  }

  // hdf5-js described this dataset's data at `expectedOffset_` (absolute): libhdf5 must have resolved
  // the path to that very data, or this read is not the one hdf5-js checked (JavaScript then asks hdf5-js).
  void checkSameData(hid_t dset) {
    haddr_t offset = H5Dget_offset(dset);
    H5Eclear2(H5E_DEFAULT);
    const uint64_t base = raw_ ? raw_->base() : 0;
    const bool same = offset != HADDR_UNDEF && expectedOffset_ >= 0 &&
                      (static_cast<double>(offset) == expectedOffset_ || static_cast<double>(offset + base) == expectedOffset_);
    if (!same) fail("READ_FAILED", "libhdf5 resolved " + path_ + " to other data than hdf5-js checked", path_);
  }

  double expectedOffset_;
  hid_t fileId_;
  std::shared_ptr<RawFile> raw_;
  std::string path_;
  int64_t rowStart_, rowEnd_;
  std::vector<hsize_t> cols_;
  bool hasCols_;
  Napi::ObjectReference fileRef_;
  Napi::ObjectReference outRef_;
  uint8_t* target_ = nullptr;
  size_t targetBytes_ = 0;
  size_t outCount_ = 0;
};

}  // namespace

// read(handle, path, rowStart (-1: all), rowEnd, cols: number[] | null, out: TypedArray, expectedOffset: number)
Napi::Value Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object fileObj = info[0].As<Napi::Object>();
  FileHandle* file = FileHandle::Unwrap(fileObj);
  std::vector<hsize_t> cols;
  bool hasCols = info[4].IsArray();
  if (hasCols) {
    Napi::Array arr = info[4].As<Napi::Array>();
    cols.resize(arr.Length());
    for (uint32_t i = 0; i < arr.Length(); i++) cols[i] = static_cast<hsize_t>(arr.Get(i).As<Napi::Number>().Int64Value());
  }
  auto* worker = new ReadWorker(env, file, fileObj, info[1].As<Napi::String>().Utf8Value(), info[2].As<Napi::Number>().Int64Value(),
                                info[3].As<Napi::Number>().Int64Value(), std::move(cols), hasCols, info[5],
                                info[6].IsNumber() ? info[6].As<Napi::Number>().DoubleValue() : -1);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace icepickle
