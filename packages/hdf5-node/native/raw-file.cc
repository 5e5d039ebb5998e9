#include "raw-file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

#include "h5-common.h"

namespace icepickle {

std::shared_ptr<RawFile> RawFile::fromDescriptor(int fd) {
  auto raw = std::make_shared<RawFile>();
  raw->fd_ = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  struct stat st;
  if (raw->fd_ >= 0 && fstat(raw->fd_, &st) == 0) raw->size_ = static_cast<uint64_t>(st.st_size);
  return raw;
}

RawFile::~RawFile() {
  if (fd_ >= 0) close(fd_);
}

std::shared_ptr<RawFile> RawFile::fromMemory(const uint8_t* data, size_t size) {
  auto raw = std::make_shared<RawFile>();
  raw->size_ = size;
  raw->image_ = data;
  return raw;
}

void RawFile::learnLayout(hid_t file) {
  Hid fcpl(H5Fget_create_plist(file));
  if (!fcpl.valid()) return;
  H5Pget_sizes(fcpl.get(), &sizeofAddr_, &sizeofSize_);
  hsize_t userblock = 0;
  if (H5Pget_userblock(fcpl.get(), &userblock) >= 0) base_ = userblock;
  H5Eclear2(H5E_DEFAULT);
}

bool RawFile::read(uint64_t addr, size_t n, uint8_t* out) const {
  uint64_t at = addr + base_;
  if (at < addr) return false;
  return readAt(fd_, at, n, out);
}

void RawFile::willNeed(uint64_t addr, size_t n) const {
  if (fd_ < 0 || !contains(addr, n)) return;
  posix_fadvise(fd_, static_cast<off_t>(addr + base_), static_cast<off_t>(n), POSIX_FADV_WILLNEED);
}

bool RawFile::contains(uint64_t addr, uint64_t n) const {
  uint64_t at = addr + base_;
  return at >= addr && at <= size_ && n <= size_ - at;
}

bool RawFile::readAt(int fd, uint64_t offset, size_t n, uint8_t* out) const {
  if (offset > size_ || n > size_ - offset) return false;
  if (image_) {
    std::memcpy(out, image_ + offset, n);
    return true;
  }
  if (fd < 0) return false;
  size_t done = 0;
  while (done < n) {
    ssize_t got = pread(fd, out + done, n - done, static_cast<off_t>(offset + done));
    if (got <= 0) return false;
    done += static_cast<size_t>(got);
  }
  return true;
}

namespace {

constexpr size_t kRawSize = 32;  // the largest stored element (4 + 16-byte address + 4), then its size in the last byte
const char* kRawTag = "icepickle-raw-vlen-reference";

uint64_t decode(const uint8_t* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

// A soft conversion from a variable-length string *as stored in the file* (length, heap address,
// object index) to our opaque type: it copies the stored bytes and never touches the heap.
herr_t rawVlenConv(hid_t src, hid_t dst, H5T_cdata_t* cdata, size_t nelmts, size_t bufStride, size_t, void* buf, void*, hid_t) {
  switch (cdata->command) {
    case H5T_CONV_INIT: {
      char* tag = H5Tget_tag(dst);
      bool ours = tag && std::strcmp(tag, kRawTag) == 0;
      if (tag) H5free_memory(tag);
      if (!ours || H5Tis_variable_str(src) <= 0 || H5Tget_size(src) >= kRawSize) return -1;
      cdata->need_bkg = H5T_BKG_NO;
      return 0;
    }
    case H5T_CONV_FREE:
      return 0;
    case H5T_CONV_CONV: {
      size_t srcSize = H5Tget_size(src);
      size_t srcStride = bufStride ? bufStride : srcSize;
      size_t dstStride = bufStride ? bufStride : kRawSize;
      auto* bytes = static_cast<uint8_t*>(buf);
      // In place and growing: back to front, through a temporary so overlaps are harmless.
      uint8_t tmp[kRawSize];
      for (size_t i = nelmts; i-- > 0;) {
        std::memset(tmp, 0, kRawSize);
        std::memcpy(tmp, bytes + i * srcStride, srcSize);
        tmp[kRawSize - 1] = static_cast<uint8_t>(srcSize);
        std::memcpy(bytes + i * dstStride, tmp, kRawSize);
      }
      return 0;
    }
    default:
      return -1;
  }
}

hid_t rawType() {
  hid_t t = H5Tcreate(H5T_OPAQUE, kRawSize);
  H5Tset_tag(t, kRawTag);
  return t;
}

struct Collection {
  bool valid = false;
  std::vector<uint8_t> bytes;
  std::map<uint64_t, std::pair<uint64_t, uint64_t>> objects;  // index → (offset of its data, size)
};

// Mirrors libhdf5's global heap parser (H5HG__cache_heap_deserialize) and accepts only collections
// it parses without overrunning, looping, or indexing past what it read.
Collection parseCollection(const RawFile& raw, uint64_t addr) {
  Collection c;
  const size_t ss = raw.sizeofSize();
  const size_t headerSize = 8 + ss;
  const size_t objectHeader = 8 + ss;
  std::vector<uint8_t> head(headerSize);
  if (!raw.read(addr, headerSize, head.data())) return c;
  if (std::memcmp(head.data(), "GCOL", 4) != 0 || head[4] != 1) return c;
  uint64_t size = decode(head.data() + 8, ss);
  if (size < headerSize || size > raw.size() || size > (1ull << 32)) return c;
  std::vector<uint8_t>& heap = c.bytes;
  heap.resize(size);
  if (!raw.read(addr, size, heap.data())) return c;
  uint64_t p = headerSize;
  while (p < size) {
    if (p + objectHeader > size) break;  // too small for an object: free space
    uint64_t index = decode(heap.data() + p, 2);
    uint64_t objSize = decode(heap.data() + p + 8, ss);
    if (objSize > size) return c;
    uint64_t need;
    if (index > 0) {
      need = objectHeader + ((objSize + 7) & ~uint64_t{7});
      if (p + need > size) return c;  // would run past the collection
      c.objects[index] = {p + objectHeader, objSize};
    } else {
      need = objSize;  // the free-space object
      if (need == 0 || p + need > size) return c;  // libhdf5 would loop forever / overrun
    }
    p += need;
  }
  c.valid = true;
  return c;
}

}  // namespace

void registerRawVlenConversion() {
  static bool done = false;
  if (done) return;
  Hid src(H5Tcopy(H5T_C_S1));
  H5Tset_size(src.get(), H5T_VARIABLE);
  Hid dst(rawType());
  H5Tregister(H5T_PERS_SOFT, "icepickle_raw_vlen", src.get(), dst.get(), rawVlenConv);
  H5Eclear2(H5E_DEFAULT);
  done = true;
}

void readVlenStrings(const RawFile& raw, hid_t obj, bool isAttr, hid_t memSpace, hid_t fileSpace, size_t count,
                     const std::string& what, std::vector<std::string>& out) {
  out.clear();
  if (count == 0) return;
  size_t addrSize = raw.sizeofAddr();
  Hid mem(rawType());
  std::vector<uint8_t> refs(count * kRawSize);
  herr_t status = isAttr ? H5Aread(obj, mem.get(), refs.data())
                         : H5Dread(obj, mem.get(), memSpace, fileSpace, H5P_DEFAULT, refs.data());
  if (status < 0) fail("READ_FAILED", "could not read the string references of " + what);
  // Every string's bytes live in the file once; references to the same heap object many times over
  // would decode to more than the file holds (a memory bomb from a few MB): refused before decoding.
  uint64_t total = 0;
  for (size_t i = 0; i < count; i++) total += decode(refs.data() + i * kRawSize, 4);
  if (total > raw.size()) {
    fail("LIMIT_EXCEEDED", "the variable-length strings of " + what + " would decode to " + std::to_string(total) + " bytes, more than the file's " +
                               std::to_string(raw.size()) + " (heap objects referenced repeatedly) [rule: vlen-decoded-size]");
  }
  std::map<uint64_t, Collection> collections;
  out.reserve(count);
  for (size_t i = 0; i < count; i++) {
    const uint8_t* e = refs.data() + i * kRawSize;
    // As stored: length (4), global heap collection address, object index (4).
    if (e[kRawSize - 1] != 4 + addrSize + 4) fail("READ_FAILED", "damaged variable-length strings in " + what + " (unexpected stored size)");
    uint64_t length = decode(e, 4);
    uint64_t addr = decode(e + 4, addrSize);
    uint64_t index = decode(e + 4 + addrSize, 4);
    if (addr == 0) {  // a null string
      out.emplace_back();
      continue;
    }
    auto it = collections.find(addr);
    if (it == collections.end()) it = collections.emplace(addr, parseCollection(raw, addr)).first;
    const Collection& c = it->second;
    if (!c.valid) fail("READ_FAILED", "damaged variable-length strings in " + what + ": global heap at " + std::to_string(addr) + " is corrupt");
    auto found = c.objects.find(index);
    // A string's heap object is exactly its bytes in every file libhdf5 writes.
    if (found == c.objects.end() || found->second.second != length) {
      fail("READ_FAILED", "damaged variable-length strings in " + what + ": string " + std::to_string(i) + " points at a missing or mis-sized heap object");
    }
    const char* begin = reinterpret_cast<const char*>(c.bytes.data() + found->second.first);
    out.emplace_back(begin, strnlen(begin, length));
  }
}

}  // namespace icepickle
