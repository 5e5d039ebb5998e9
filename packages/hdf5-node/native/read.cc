// Reads a dataset (whole, a row range, a column list, or both) straight into a JS-owned buffer, on
// the libuv thread pool.
#include <algorithm>
#include <cstring>

#include <unistd.h>
#include <zlib.h>

#include "chunk-index.h"
#include "object-header.h"
#include "worker.h"

namespace icepickle {

namespace {

// The filters this backend decodes; anything else is refused before reading.
bool allowedFilter(H5Z_filter_t id) { return id == H5Z_FILTER_DEFLATE || id == H5Z_FILTER_SHUFFLE || id == H5Z_FILTER_FLETCHER32; }

class ReadWorker : public PromiseWorker {
 public:
  ReadWorker(Napi::Env env, FileHandle* file, Napi::Object fileObj, std::string path, int64_t rowStart, int64_t rowEnd,
             std::vector<hsize_t> cols, bool hasCols, Napi::Value out)
      : PromiseWorker(env), fileId_(file->id()), raw_(file->raw()), path_(std::move(path)), rowStart_(rowStart), rowEnd_(rowEnd),
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
    checkCompactSize(dset.get(), fileType.get(), type, fileSpace.get());

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

    if (type.dtype != DType::Utf8 && targetBytes_ != outCount * dtypeSize(type.dtype)) {
      fail("READ_FAILED", "internal: output buffer has " + std::to_string(targetBytes_) + " bytes, expected " +
                              std::to_string(outCount * dtypeSize(type.dtype)), path_);
    }
    if (total == 0) { outCount_ = outCount; return; }

    // File selection.
    if (rank > 0) {
      if (!hasCols_) {
        H5Sselect_hyperslab(fileSpace.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
      } else if (type.dtype == DType::Utf8) {
        // Runs of consecutive columns become one block each; their union is read in file order.
        // (Numeric column lists are read run by run below: libhdf5 1.10 handles a union of many
        // blocks in time quadratic in their number.)
        bool first = true;
        for (size_t i = 0; i < unique.size();) {
          size_t j = i + 1;
          while (j < unique.size() && unique[j] == unique[j - 1] + 1) j++;
          std::vector<hsize_t> s(start), c(count);
          s[last] = unique[i];
          c[last] = j - i;
          if (H5Sselect_hyperslab(fileSpace.get(), first ? H5S_SELECT_SET : H5S_SELECT_OR, s.data(), nullptr, c.data(), nullptr) < 0) {
            fail("READ_FAILED", "could not select columns of " + path_, path_);
          }
          first = false;
          i = j;
        }
      }
    }
    // The direct chunk path checks each chunk's stored size itself before reading it.
    if (hasCols_ && type.dtype != DType::Utf8 && readChunkedColumnsDirect(dset.get(), fileType.get(), type, dims, start, count, unique, dtypeSize(type.dtype))) {
      return;
    }
    validateChunks(dset.get(), fileType.get(), type, dims, start, count, unique, hasCols_);
    std::vector<hsize_t> memDims(count);
    Hid memSpace(rank > 0 ? H5Screate_simple(rank, memDims.data(), nullptr) : H5Screate(H5S_SCALAR));

    if (type.dtype == DType::Utf8) {
      std::vector<std::string> values;
      readStrings(dset.get(), false, fileType.get(), memSpace.get(), fileSpace.get(), total, values, raw_.get(), "dataset " + path_);
      if (!scatter) strings_ = std::move(values);
      else scatterInto(values, unique, strings_);
      outCount_ = outCount;
      return;
    }

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
    if (outRef_.IsEmpty() && !strings_.empty()) {
      Napi::Array arr = Napi::Array::New(Env(), strings_.size());
      for (size_t i = 0; i < strings_.size(); i++) arr.Set(i, Napi::String::New(Env(), strings_[i]));
      return arr;
    }
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

  // The dataset's chunk address table, built once per open file (chunk-index.h); nullptr when its index
  // is not a v1 B-tree or its chunks are not all `chunkBytes` (the libhdf5 calls below are used then).
  const ChunkTable* chunkTable(hid_t dset, const std::vector<hsize_t>& dims, const std::vector<hsize_t>& chunk, uint64_t chunkBytes) {
    auto found = raw_->chunkTables.find(path_);
    if (found != raw_->chunkTables.end()) return found->second.get();
    std::shared_ptr<const ChunkTable> table;
    H5O_info_t info;
    if (H5Oget_info2(dset, &info, H5O_INFO_BASIC) >= 0) {
      // at most 16M chunks (128 MB of addresses); a bigger grid keeps libhdf5's lookups
      table = readChunkTable(*raw_, info.addr, std::vector<uint64_t>(dims.begin(), dims.end()), std::vector<uint64_t>(chunk.begin(), chunk.end()), chunkBytes,
                             uint64_t{1} << 24, path_);
    }
    H5Eclear2(H5E_DEFAULT);
    raw_->chunkTables[path_] = table;
    return table.get();
  }

  // Column lists of an unfiltered, chunked, native-order dataset (our 'column-chunked' layout): each
  // touched chunk is read whole from the file in one call and the wanted columns copied out, instead
  // of one libhdf5 read per column run: a chunk-index lookup and a pread. False when
  // not applicable (filters, conversions, chunks never written), and libhdf5 reads instead.
  bool readChunkedColumnsDirect(hid_t dset, hid_t fileType, const TypeInfo& type, const std::vector<hsize_t>& dims,
                                const std::vector<hsize_t>& start, const std::vector<hsize_t>& count, const std::vector<hsize_t>& unique,
                                size_t item) {
    const size_t rank = dims.size();
    if (!raw_ || unique.empty() || rank < 1 || rank > 2 || type.dtype == DType::Bool || type.dtype == DType::Utf8) return false;
    if (H5Tget_class(fileType) != H5T_FLOAT && H5Tget_class(fileType) != H5T_INTEGER) return false;
    if (H5Tget_order(fileType) != H5T_ORDER_LE || H5Tget_size(fileType) != item) return false;
    if (H5Tget_class(fileType) == H5T_FLOAT && !(H5Tequal(fileType, H5T_IEEE_F64LE) > 0 || H5Tequal(fileType, H5T_IEEE_F32LE) > 0)) return false;
    if (H5Tget_class(fileType) == H5T_INTEGER) {
      const bool isSigned = H5Tget_sign(fileType) == H5T_SGN_2;
      const bool wantSigned = type.dtype == DType::Int64 || type.dtype == DType::Int32 || type.dtype == DType::Int16 || type.dtype == DType::Int8;
      if (isSigned != wantSigned) return false;
    }
    Hid dcpl(H5Dget_create_plist(dset));
    if (H5Pget_layout(dcpl.get()) != H5D_CHUNKED || H5Pget_nfilters(dcpl.get()) != 0) return false;
    std::vector<hsize_t> chunk(rank);
    if (H5Pget_chunk(dcpl.get(), static_cast<int>(rank), chunk.data()) != static_cast<int>(rank)) return false;
    const size_t last = rank - 1;
    const hsize_t chunkCols = chunk[last];
    const hsize_t chunkRows = rank == 2 ? chunk[0] : 1;
    const hsize_t rowStart = rank == 2 ? start[0] : 0;
    const hsize_t rowCount = rank == 2 ? count[0] : 1;
    const uint64_t chunkBytes = chunkRows * chunkCols * item;
    const size_t nu = unique.size();
    const size_t nc = cols_.size();
    std::vector<std::vector<size_t>> targets(nu);
    for (size_t k = 0; k < nc; k++) targets[std::lower_bound(unique.begin(), unique.end(), cols_[k]) - unique.begin()].push_back(k);
    const ChunkTable* table = chunkTable(dset, dims, chunk, chunkBytes);
    // the chunk rows the requested rows span, [crFirst, crEnd)
    const hsize_t crFirst = rowStart / chunkRows;
    const hsize_t crEnd = rowCount > 0 ? (rowStart + rowCount - 1) / chunkRows + 1 : crFirst;
    auto addressOf = [&](hsize_t cr, hsize_t cc) { return table->address[rank == 2 ? cr * table->grid[1] + cc : cc]; };
    if (table) {
      // the chunks this read touches, announced to the kernel first: on a cold page cache the disk
      // then serves them together instead of one seek per chunk
      for (size_t i = 0; i < nu; i++) {
        const hsize_t cc = unique[i] / chunkCols;
        if (i > 0 && unique[i - 1] / chunkCols == cc) continue;
        for (hsize_t cr = crFirst; cr < crEnd; cr++) {
          const uint64_t at = addressOf(cr, cc);
          if (at == kUndefinedAddress) return false;  // never written: libhdf5 supplies the fill value
          raw_->willNeed(at, chunkBytes);
        }
      }
    }
    std::vector<uint8_t> buffer(chunkBytes);
    std::vector<hsize_t> offset(rank);
    for (size_t i = 0; i < nu;) {
      const hsize_t cc = unique[i] / chunkCols;
      size_t j = i;
      while (j < nu && unique[j] / chunkCols == cc) j++;
      for (hsize_t cr = crFirst; cr < crEnd; cr++) {
        if (rank == 2) offset[0] = cr * chunkRows;
        offset[last] = cc * chunkCols;
        if (table) {
          // one pread where the index (checked when the table was built, every address defined:
          // above) says the chunk is
          if (!raw_->read(addressOf(cr, cc), chunkBytes, buffer.data())) fail("READ_FAILED", "could not read a chunk of " + path_, path_);
        } else {
          hsize_t size = 0;
          if (H5Dget_chunk_storage_size(dset, offset.data(), &size) < 0 || size != chunkBytes) {
            H5Eclear2(H5E_DEFAULT);
            return false;  // never written (fill value) or damaged: the checked libhdf5 path decides
          }
          uint32_t mask = 0;
          if (H5Dread_chunk(dset, H5P_DEFAULT, offset.data(), &mask, buffer.data()) < 0) fail("READ_FAILED", "could not read a chunk of " + path_, path_);
        }
        const hsize_t r0 = std::max(rowStart, cr * chunkRows);
        const hsize_t r1 = std::min(rowStart + rowCount, (cr + 1) * chunkRows);
        for (hsize_t r = r0; r < r1; r++) {
          const uint8_t* src = buffer.data() + ((r - cr * chunkRows) * chunkCols) * item;
          uint8_t* outRow = target_ + (r - rowStart) * nc * item;
          for (size_t u = i; u < j; u++) {
            const uint8_t* value = src + (unique[u] - cc * chunkCols) * item;
            for (size_t k : targets[u]) std::memcpy(outRow + k * item, value, item);
          }
        }
      }
      i = j;
    }
    return true;
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

  // libhdf5 1.10 trusts a chunk to decode to exactly one chunk's bytes: a damaged chunk shape or
  // index makes it copy past the decoded buffer, and a deflate bomb makes it allocate without bound.
  // So each chunk a read touches is checked once per open file: stored size within the file, and
  // (undoing fletcher32 and deflate ourselves, sizes only) exactly one chunk's bytes once decoded.
  void validateChunks(hid_t dset, hid_t fileType, const TypeInfo& type, const std::vector<hsize_t>& dims, const std::vector<hsize_t>& start,
                      const std::vector<hsize_t>& count, const std::vector<hsize_t>& unique, bool hasCols) {
    Hid dcpl(H5Dget_create_plist(dset));
    if (H5Pget_layout(dcpl.get()) != H5D_CHUNKED || !raw_) return;
    const int rank = static_cast<int>(dims.size());
    std::vector<hsize_t> chunk(rank);
    if (H5Pget_chunk(dcpl.get(), rank, chunk.data()) != rank) return;  // refused earlier
    size_t item = type.vlenString ? 4 + raw_->sizeofAddr() + 4 : H5Tget_size(fileType);
    uint64_t chunkBytes = item;
    for (hsize_t c : chunk) chunkBytes *= c;
    std::vector<H5Z_filter_t> filters;
    int n = H5Pget_nfilters(dcpl.get());
    for (int i = 0; i < n; i++) {
      unsigned flags = 0, config = 0;
      size_t nValues = 0;
      filters.push_back(H5Pget_filter2(dcpl.get(), static_cast<unsigned>(i), &flags, &nValues, nullptr, 0, nullptr, &config));
    }
    // Chunk coordinates touched, per axis.
    std::vector<std::vector<hsize_t>> axes(rank);
    for (int d = 0; d < rank; d++) {
      if (hasCols && d == rank - 1) {
        for (hsize_t c : unique) if (axes[d].empty() || axes[d].back() != c / chunk[d]) axes[d].push_back(c / chunk[d]);
      } else if (count[d] > 0) {
        for (hsize_t c = start[d] / chunk[d]; c <= (start[d] + count[d] - 1) / chunk[d]; c++) axes[d].push_back(c);
      }
      if (axes[d].empty()) return;
    }
    std::vector<size_t> at(rank, 0);
    std::vector<hsize_t> offset(rank);
    std::vector<uint8_t> buffer;
    for (;;) {
      for (int d = 0; d < rank; d++) offset[d] = axes[d][at[d]] * chunk[d];
      unsigned mask = 0;
      haddr_t addr = HADDR_UNDEF;
      hsize_t size = 0;
      if (H5Dget_chunk_info_by_coord(dset, offset.data(), &mask, &addr, &size) < 0) fail("READ_FAILED", "damaged chunk index in " + path_, path_);
      if (addr != HADDR_UNDEF && raw_->checkedChunks.insert(addr).second) {
        if (size > raw_->size()) fail("READ_FAILED", "damaged chunk in " + path_ + ": stored size beyond the file", path_);
        if (filters.empty()) {
          if (size != chunkBytes) fail("READ_FAILED", "damaged chunk in " + path_ + ": " + std::to_string(size) + " bytes stored, " + std::to_string(chunkBytes) + " expected", path_);
        } else {
          buffer.resize(size);
          uint32_t applied = 0;
          if (H5Dread_chunk(dset, H5P_DEFAULT, offset.data(), &applied, buffer.data()) < 0) fail("READ_FAILED", "could not read a chunk of " + path_, path_);
          uint64_t decoded = decodedSize(buffer, filters, applied, chunkBytes);
          if (decoded != chunkBytes) fail("READ_FAILED", "damaged chunk in " + path_ + ": it decodes to " + std::to_string(decoded) + " bytes, " + std::to_string(chunkBytes) + " expected", path_);
        }
      }
      int d = rank - 1;
      while (d >= 0 && ++at[d] == axes[d].size()) at[d--] = 0;
      if (d < 0) break;
    }
    H5Eclear2(H5E_DEFAULT);
  }

  // The size a filtered chunk decodes to, undoing the pipeline from the last filter to the first
  // (sizes only; shuffle keeps the size). UINT64_MAX when it cannot decode.
  static uint64_t decodedSize(const std::vector<uint8_t>& stored, const std::vector<H5Z_filter_t>& filters, uint32_t mask, uint64_t expected) {
    uint64_t len = stored.size();
    bool bytesAreStored = true;  // `stored[0, len)` still holds what the next filter decodes
    for (size_t k = filters.size(); k-- > 0;) {
      if (mask & (1u << k)) continue;  // this filter was skipped for this chunk
      switch (filters[k]) {
        case H5Z_FILTER_FLETCHER32:
          if (len < 4) return UINT64_MAX;
          len -= 4;
          break;
        case H5Z_FILTER_SHUFFLE:
          bytesAreStored = false;  // size kept, bytes rearranged
          break;
        case H5Z_FILTER_DEFLATE: {
          if (!bytesAreStored) return expected;  // deflate after shuffle on write: unusual; libhdf5 alone decides
          len = inflatedSize(stored.data(), len, expected);
          bytesAreStored = false;
          if (len == UINT64_MAX) return len;
          break;
        }
        default:
          return UINT64_MAX;
      }
    }
    return len;
  }

  static uint64_t inflatedSize(const uint8_t* data, uint64_t len, uint64_t limit) {
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return UINT64_MAX;
    uint8_t out[65536];
    z.next_in = const_cast<uint8_t*>(data);
    z.avail_in = static_cast<uInt>(std::min<uint64_t>(len, UINT32_MAX));
    int status = Z_OK;
    while (status == Z_OK) {
      z.next_out = out;
      z.avail_out = sizeof out;
      status = inflate(&z, Z_NO_FLUSH);
      if (z.total_out > limit) break;  // more than a chunk: a bomb or a damaged shape
      if (status == Z_BUF_ERROR && z.avail_in == 0) break;
    }
    uint64_t total = (status == Z_STREAM_END || z.total_out > limit) ? z.total_out : UINT64_MAX;
    inflateEnd(&z);
    return total;
  }

  // libhdf5 1.10 copies a compact dataset's values out of its object header without checking that the
  // header holds as many bytes as the shape declares (a damaged layout message reads out of bounds).
  // Also: a chunked layout whose chunk rank differs from the dataset's (libhdf5 loops allocating
  // forever on a chunked scalar), and contiguous storage that lies outside the file.
  void checkCompactSize(hid_t dset, hid_t fileType, const TypeInfo& type, hid_t fileSpace) {
    Hid dcpl(H5Dget_create_plist(dset));
    H5D_layout_t layout = H5Pget_layout(dcpl.get());
    if (layout == H5D_CHUNKED) {
      int rank = H5Sget_simple_extent_ndims(fileSpace);
      hsize_t chunk[H5S_MAX_RANK];
      int chunkRank = H5Pget_chunk(dcpl.get(), H5S_MAX_RANK, chunk);
      bool ok = rank >= 1 && chunkRank == rank;
      // libhdf5 never writes a chunk longer than a fixed-size dimension; a damaged chunk shape
      // larger than the data makes it copy past what a chunk decompresses to.
      hsize_t dims[H5S_MAX_RANK], maxDims[H5S_MAX_RANK];
      if (ok && H5Sget_simple_extent_dims(fileSpace, dims, maxDims) < 0) ok = false;
      for (int i = 0; ok && i < chunkRank; i++) ok = chunk[i] > 0 && (maxDims[i] == H5S_UNLIMITED || chunk[i] <= std::max<hsize_t>(maxDims[i], 1));
      if (!ok) fail("READ_FAILED", "damaged chunked dataset " + path_ + ": its chunk shape does not fit its shape", path_);
      return;
    }
    if (layout == H5D_CONTIGUOUS) {
      H5Eclear2(H5E_DEFAULT);
      H5Dget_storage_size(dset);
      if (H5Eget_num(H5E_DEFAULT) > 0) fail("READ_FAILED", "damaged dataset " + path_ + ": its storage lies outside the file", path_);
      return;
    }
    if (layout != H5D_COMPACT) return;
    hssize_t npoints = H5Sget_simple_extent_npoints(fileSpace);
    size_t item = type.vlenString ? 4 + (raw_ ? raw_->sizeofAddr() : 8) + 4 : H5Tget_size(fileType);
    hsize_t stored = H5Dget_storage_size(dset);
    if (npoints < 0 || item == 0 || stored / item < static_cast<hsize_t>(npoints)) {
      fail("READ_FAILED", "damaged compact dataset " + path_ + ": it stores " + std::to_string(stored) + " bytes but its shape needs " +
                              std::to_string(static_cast<hsize_t>(npoints) * item), path_);
    }
    H5Eclear2(H5E_DEFAULT);
  }

  void scatterInto(const std::vector<std::string>& values, const std::vector<hsize_t>& unique, std::vector<std::string>& out) {
    size_t rows = values.size() / unique.size();
    out.clear();
    out.reserve(rows * cols_.size());
    for (size_t r = 0; r < rows; r++) {
      for (hsize_t c : cols_) {
        size_t p = std::lower_bound(unique.begin(), unique.end(), c) - unique.begin();
        out.push_back(values[r * unique.size() + p]);
      }
    }
  }

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
  std::vector<std::string> strings_;
};

}  // namespace

// read(handle, path, rowStart (-1: all), rowEnd, cols: number[] | null, out: TypedArray | null)
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
                                info[3].As<Napi::Number>().Int64Value(), std::move(cols), hasCols, info[5]);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace icepickle
