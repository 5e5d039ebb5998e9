// Raw access to the bytes of an open file (libhdf5's descriptor, or the in-memory image it reads
// from): the direct reads of contiguous data (read.cc), and variable-length strings read without
// libhdf5 following their references (h5-common's readStrings).
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace icepickle {

class RawFile {
 public:
  // From the descriptor libhdf5 reads the file through (duplicated: the very same file even if the
  // path is replaced later), or an in-memory image.
  static std::shared_ptr<RawFile> fromDescriptor(int fd);
  ~RawFile();
  // The in-memory image libhdf5's core driver holds (valid while the file is open).
  static std::shared_ptr<RawFile> fromMemory(const uint8_t* data, size_t size);

  // Reads the superblock's sizes and base address through the open file (call under the lock).
  void learnLayout(hid_t file);

  // Copies n bytes at HDF5 address `addr` (relative to the base address); false when out of the file.
  bool read(uint64_t addr, size_t n, uint8_t* out) const;
  // Asks the kernel to start reading [addr, addr + n) into the page cache (posix_fadvise WILLNEED), so
  // that many scattered reads reach the disk together rather than one after another. A hint only.
  void willNeed(uint64_t addr, size_t n) const;
  // Reads n bytes at an absolute file offset through `fd` (from openFd(); -1 for images).
  int openFd() const { return fd_; }
  bool readAt(int fd, uint64_t offset, size_t n, uint8_t* out) const;
  uint64_t size() const { return size_; }
  // The superblock's base address (a user block's size): HDF5 addresses are relative to it.
  uint64_t base() const { return base_; }
  size_t sizeofAddr() const { return sizeofAddr_; }
  size_t sizeofSize() const { return sizeofSize_; }
  // True when [addr, addr + n) lies inside the file (HDF5 addresses, relative to the base).
  bool contains(uint64_t addr, uint64_t n) const;
  const uint8_t* imageData() const { return image_; }

 private:
  int fd_ = -1;
  const uint8_t* image_ = nullptr;
  uint64_t size_ = 0;
  uint64_t base_ = 0;
  size_t sizeofAddr_ = 8;
  size_t sizeofSize_ = 8;
};

// Registers the raw vlen conversion (once; call under the lock).
void registerRawVlenConversion();

// Reads variable-length strings without letting libhdf5 follow their references: libhdf5 1.10.8
// crashes, loops forever or allocates gigabytes on damaged global heaps or string types. The stored
// references are read raw (a custom conversion), every heap collection they point at is parsed and
// bounds-checked here, and the strings are copied from it. Fails with READ_FAILED on anything off.
void readVlenStrings(const RawFile& raw, hid_t obj, bool isAttr, hid_t memSpace, hid_t fileSpace, size_t count,
                     const std::string& what, std::vector<std::string>& out);

}  // namespace icepickle
