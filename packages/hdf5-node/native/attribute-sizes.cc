#include "attribute-sizes.h"

#include <cstring>

#include "h5-common.h"

namespace icepickle {

namespace {

constexpr unsigned kAttrSharedDatatype = 0x01;
constexpr unsigned kAttrSharedDataspace = 0x02;

uint64_t pad8(uint64_t n) { return (n + 7) & ~uint64_t{7}; }

uint64_t saturatingMul(uint64_t a, uint64_t b) { return a != 0 && b > UINT64_MAX / a ? UINT64_MAX : a * b; }

struct Declared {
  std::string name;
  uint64_t bytes = 0;
  bool known = false;  // false: a shared type or space, or a layout this check does not read
};

// Elements a dataspace message declares (saturating), or false if it cannot be read.
bool dataspacePoints(const uint8_t* p, uint64_t size, size_t ss, uint64_t& points) {
  if (size < 4) return false;
  const unsigned version = p[0], rank = p[1];
  uint64_t at;
  if (version == 1) {
    at = 8;
  } else if (version == 2) {
    if (p[3] == 2) {  // null dataspace: no value
      points = 0;
      return true;
    }
    at = 4;
  } else {
    return false;
  }
  if (rank > 32 || at + rank * ss > size) return false;
  points = 1;
  for (unsigned d = 0; d < rank; d++) points = saturatingMul(points, decodeLE(p + at + d * ss, ss));
  return true;
}

Declared declared(const HeaderMessage& m, size_t ss) {
  Declared out;
  const std::vector<uint8_t>& d = m.data;
  if (d.size() < 8) return out;
  const unsigned version = d[0];
  const unsigned flags = version >= 2 ? d[1] : 0;
  const uint64_t nameSize = decodeLE(&d[2], 2), typeSize = decodeLE(&d[4], 2), spaceSize = decodeLE(&d[6], 2);
  uint64_t at = version == 3 ? 9 : 8;
  if (version < 1 || version > 3 || at + nameSize > d.size()) return out;
  out.name.assign(reinterpret_cast<const char*>(&d[at]), strnlen(reinterpret_cast<const char*>(&d[at]), nameSize));
  auto field = [&](uint64_t n) { return version == 1 ? pad8(n) : n; };
  at += field(nameSize);
  if (at + typeSize > d.size() || (flags & kAttrSharedDatatype) || typeSize < 8) return out;
  const uint64_t itemSize = decodeLE(&d[at + 4], 4);
  at += field(typeSize);
  if (at + spaceSize > d.size() || (flags & kAttrSharedDataspace)) return out;
  uint64_t points = 0;
  if (!dataspacePoints(&d[at], spaceSize, ss, points)) return out;
  out.bytes = saturatingMul(points, itemSize);
  out.known = true;
  return out;
}

}  // namespace

void checkAttributeSizes(const ObjectHeader& header, size_t sizeofSize, uint64_t maxBytes, const std::string& object) {
  for (const HeaderMessage& m : header.messages) {
    if (m.type != kMsgAttribute) continue;
    Declared a = declared(m, sizeofSize);
    if (a.known && a.bytes > maxBytes) {
      std::string bytes = a.bytes == UINT64_MAX ? "more than 2^64" : std::to_string(a.bytes);
      fail("LIMIT_EXCEEDED", "attribute \"" + a.name + "\" of " + object + " declares " + bytes + " bytes, more than the limit of " +
                                 std::to_string(maxBytes) + " [rule: max-attribute-bytes]", object);
    }
  }
}

bool compactAttributeNames(const ObjectHeader& header, size_t sizeofAddr, const std::string& object, std::vector<std::string>& names) {
  names.clear();
  for (const HeaderMessage& m : header.messages) {
    if (m.type == kMsgAttributeInfo) {
      // version, flags, [max creation index (2)], fractal heap address: defined when dense storage is in use
      const std::vector<uint8_t>& d = m.data;
      const uint64_t at = 2 + ((d.size() > 1 && (d[1] & 1)) ? 2 : 0);
      if (d.size() < at + sizeofAddr || decodeAddress(&d[at], sizeofAddr) != kUndefinedAddress) return false;
      continue;
    }
    if (m.type != kMsgAttribute) continue;
    if (m.flags & 0x02) return false;  // the message lives in the shared-message heap
    const std::vector<uint8_t>& d = m.data;
    // libhdf5 would fail to decode it too, and its attribute iteration crashes on such a failure
    if (d.size() < 8 || d[0] < 1 || d[0] > 3) fail("READ_FAILED", "damaged attribute message of " + object + " (version " + std::to_string(d.empty() ? 0 : d[0]) + ")", object);
    const uint64_t nameSize = decodeLE(&d[2], 2);
    const uint64_t at = d[0] == 3 ? 9 : 8;
    if (nameSize == 0 || at + nameSize > d.size()) fail("READ_FAILED", "damaged attribute message of " + object + " (its name overruns it)", object);
    names.emplace_back(reinterpret_cast<const char*>(&d[at]), strnlen(reinterpret_cast<const char*>(&d[at]), nameSize));
  }
  return true;
}

}  // namespace icepickle
