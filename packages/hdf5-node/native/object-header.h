// Reads an object header (version 1 or 2, with its continuation chunks) from the raw bytes, so the
// structures it points at can be checked before libhdf5 1.10 follows them: it trusts addresses
// read from the file, and an undefined one (all bits set) wraps past its bounds checks into an
// out-of-bounds memcpy (a segfault).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "raw-file.h"

namespace icepickle {

struct HeaderMessage {
  unsigned type = 0;
  unsigned flags = 0;
  std::vector<uint8_t> data;
};

struct ObjectHeader {
  unsigned version = 0;
  std::vector<HeaderMessage> messages;
  // A bit per message type found (types < 64), as libhdf5's H5O_hdr_info_t reports them.
  uint64_t present = 0;
};

// Object header message types this addon looks into.
constexpr unsigned kMsgLinkInfo = 0x02;
constexpr unsigned kMsgDatatype = 0x03;
constexpr unsigned kMsgLink = 0x06;
constexpr unsigned kMsgAttribute = 0x0C;
constexpr unsigned kMsgContinuation = 0x10;
constexpr unsigned kMsgSymbolTable = 0x11;
constexpr unsigned kMsgAttributeInfo = 0x15;

// Fails with READ_FAILED (naming `object`) when the header or a continuation chunk lies outside the
// file, a message overruns its chunk, or the chunks form a cycle.
ObjectHeader readObjectHeader(const RawFile& raw, uint64_t addr, const std::string& object);

// Fails with READ_FAILED (naming `object`) when a compact dataset's layout message declares more raw
// data than the message holds: libhdf5 1.10.8 copies the declared size out of the header (a segfault
// found by fuzzing).
void checkLayoutMessages(const ObjectHeader& header, size_t sizeofAddr, const std::string& object);

// Little-endian unsigned integer of n bytes (n ≤ 8). An all-ones value of sizeofAddr bytes is
// HDF5's undefined address; decodeAddress maps it to UINT64_MAX whatever the size.
uint64_t decodeLE(const uint8_t* p, size_t n);
uint64_t decodeAddress(const uint8_t* p, size_t n);
constexpr uint64_t kUndefinedAddress = UINT64_MAX;

}  // namespace icepickle
