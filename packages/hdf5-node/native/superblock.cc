#include "superblock.h"

#include <cstring>

#include "h5-common.h"
#include "object-header.h"

namespace icepickle {

namespace {

const uint8_t kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

// The superblock's position (libhdf5 looks at 0, 512, 1024, 2048, ...; HDF5 addresses count from
// there) with its first `n` bytes in `sb` (zero past the end of the file); UINT64_MAX if none.
uint64_t findSuperblock(const RawFile& raw, uint8_t* sb, size_t n) {
  for (uint64_t at = 0; at < raw.size(); at = at == 0 ? 512 : at * 2) {
    std::memset(sb, 0, n);
    if (!raw.readAt(raw.openFd(), at, std::min<uint64_t>(n, raw.size() - at), sb)) return UINT64_MAX;
    if (std::memcmp(sb, kSignature, 8) == 0) return at;
  }
  return UINT64_MAX;
}

}  // namespace

void checkBeforeOpen(RawFile& raw) {
  uint8_t sb[96];
  const uint64_t at = findSuperblock(raw, sb, sizeof sb);
  if (at == UINT64_MAX) return;
  const unsigned version = sb[8];
  size_t sa, ss;
  uint64_t headers[2] = {kUndefinedAddress, kUndefinedAddress};  // root group, superblock extension
  if (version <= 1) {
    sa = sb[13];
    ss = sb[14];
    if ((sa != 4 && sa != 8) || (ss != 4 && ss != 8)) return;  // H5Fopen refuses these
    // after the fixed fields (v1 adds 4 bytes): base, free space, end of file, driver info, then the
    // root symbol table entry (name offset, object header address, ...)
    size_t entry = (version == 0 ? 24 : 28) + 4 * sa;
    if (entry + ss + sa > sizeof sb) return;
    headers[0] = decodeAddress(sb + entry + ss, sa);
  } else if (version <= 3) {
    sa = sb[9];
    ss = sb[10];
    if ((sa != 4 && sa != 8) || (ss != 4 && ss != 8)) return;
    // base, superblock extension, end of file, root group object header
    headers[1] = decodeAddress(sb + 12 + sa, sa);
    headers[0] = decodeAddress(sb + 12 + 3 * sa, sa);
  } else {
    return;  // a future version: H5Fopen decides
  }
  raw.assumeLayout(at, sa, ss);
  try {
    for (uint64_t addr : headers) {
      if (addr != kUndefinedAddress && raw.contains(addr, 1)) readObjectHeader(raw, addr, addr == headers[0] ? "/" : "the superblock extension");
    }
  } catch (const H5Failure& f) {
    throw H5Failure("NOT_HDF5", std::string("not an HDF5 file (or a damaged one): ") + f.what(), "", f.object);
  }
}

void checkBaseAddress(const RawFile& raw) {
  uint8_t sb[40];
  const uint64_t at = findSuperblock(raw, sb, sizeof sb);
  if (at == UINT64_MAX) return;
  const unsigned version = sb[8];
  const size_t sa = version <= 1 ? sb[13] : sb[9];
  if (version > 3 || (sa != 4 && sa != 8)) return;
  const uint64_t base = decodeLE(sb + (version == 0 ? 24 : version == 1 ? 28 : 12), sa);
  if (base != at) fail("READ_FAILED", "damaged superblock: it gives its base address as " + std::to_string(base) + " but sits at " + std::to_string(at));
}

}  // namespace icepickle
