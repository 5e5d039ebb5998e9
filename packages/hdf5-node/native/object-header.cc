#include "object-header.h"

#include <cstring>
#include <set>

#include "h5-common.h"

namespace icepickle {

uint64_t decodeLE(const uint8_t* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n && i < 8; i++) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

uint64_t decodeAddress(const uint8_t* p, size_t n) {
  bool allOnes = true;
  for (size_t i = 0; i < n; i++) allOnes = allOnes && p[i] == 0xff;
  return allOnes ? kUndefinedAddress : decodeLE(p, n);
}

namespace {

// libhdf5 never writes headers this big; a bound keeps a damaged size from allocating gigabytes.
constexpr uint64_t kMaxChunkBytes = 64u << 20;
constexpr size_t kMaxChunks = 4096;

struct Chunk {
  uint64_t addr;  // where its messages start
  uint64_t size;  // bytes of messages (no prefix, signature or checksum)
};

class HeaderReader {
 public:
  HeaderReader(const RawFile& raw, const std::string& object) : raw_(raw), object_(object) {}

  ObjectHeader read(uint64_t addr) {
    std::vector<Chunk> pending;
    pending.push_back(firstChunk(addr));
    for (size_t i = 0; i < pending.size(); i++) {
      if (i >= kMaxChunks) bad("more than " + std::to_string(kMaxChunks) + " continuation chunks");
      const Chunk chunk = pending[i];  // a copy: reading it may add to `pending`
      readMessages(chunk, pending);
    }
    return std::move(out_);
  }

 private:
  [[noreturn]] void bad(const std::string& what) const {
    fail("READ_FAILED", "damaged object header of " + object_ + ": " + what, object_);
  }

  std::vector<uint8_t> bytes(uint64_t addr, uint64_t n, const char* what) const {
    if (n > kMaxChunkBytes || !raw_.contains(addr, n)) bad(std::string(what) + " at " + std::to_string(addr) + " lies outside the file");
    std::vector<uint8_t> out(n);
    if (n && !raw_.read(addr, n, out.data())) bad(std::string("could not read ") + what);
    return out;
  }

  Chunk firstChunk(uint64_t addr) {
    if (addr == kUndefinedAddress) bad("undefined address");
    std::vector<uint8_t> head = bytes(addr, 16, "the header");
    if (std::memcmp(head.data(), "OHDR", 4) == 0) {
      out_.version = head[4];
      if (out_.version != 2) bad("unknown version " + std::to_string(out_.version));
      flags_ = head[5];
      uint64_t p = 6;
      if (flags_ & 0x20) p += 16;  // access, modification, change, birth times
      if (flags_ & 0x10) p += 4;   // attribute storage phase change values
      size_t sizeBytes = size_t{1} << (flags_ & 0x03);
      std::vector<uint8_t> prefix = bytes(addr, p + sizeBytes, "the header");
      uint64_t size = decodeLE(prefix.data() + p, sizeBytes);
      uint64_t start = addr + p + sizeBytes;
      bytes(start, size + 4, "the first chunk");  // messages, then the checksum
      seen_.insert(start);
      return {start, size};
    }
    out_.version = head[0];
    if (out_.version != 1) bad("unknown version " + std::to_string(out_.version));
    uint64_t size = decodeLE(head.data() + 8, 4);
    bytes(addr + 16, size, "the first chunk");
    seen_.insert(addr + 16);
    return {addr + 16, size};
  }

  void readMessages(const Chunk& chunk, std::vector<Chunk>& pending) {
    std::vector<uint8_t> data = bytes(chunk.addr, chunk.size, "a chunk");
    const bool v2 = out_.version == 2;
    const size_t headerSize = v2 ? ((flags_ & 0x04) ? 6 : 4) : 8;
    uint64_t p = 0;
    while (p + headerSize <= chunk.size) {
      HeaderMessage m;
      uint64_t size;
      if (v2) {
        m.type = data[p];
        size = decodeLE(&data[p + 1], 2);
        m.flags = data[p + 3];
      } else {
        m.type = static_cast<unsigned>(decodeLE(&data[p], 2));
        size = decodeLE(&data[p + 2], 2);
        m.flags = data[p + 4];
      }
      p += headerSize;
      if (size > chunk.size - p) bad("a message of type " + std::to_string(m.type) + " runs past its chunk");
      m.data.assign(data.begin() + p, data.begin() + p + size);
      p += size;
      if (m.type < 64) out_.present |= uint64_t{1} << m.type;
      if (m.type == kMsgContinuation) pending.push_back(continuation(m));
      out_.messages.push_back(std::move(m));
    }
  }

  Chunk continuation(const HeaderMessage& m) {
    const size_t sa = raw_.sizeofAddr(), ss = raw_.sizeofSize();
    if (m.data.size() < sa + ss) bad("a continuation message is too short");
    uint64_t addr = decodeAddress(m.data.data(), sa);
    uint64_t size = decodeLE(m.data.data() + sa, ss);
    if (addr == kUndefinedAddress || !raw_.contains(addr, size)) bad("a continuation chunk lies outside the file");
    const uint64_t start = out_.version == 1 ? addr : addr + 4;  // v2 chunks start with OCHK
    if (!seen_.insert(start).second) bad("continuation chunks form a cycle");
    if (out_.version == 1) return {addr, size};
    if (size < 8) bad("a continuation chunk is too small");
    std::vector<uint8_t> sig = bytes(addr, 4, "a continuation chunk");
    if (std::memcmp(sig.data(), "OCHK", 4) != 0) bad("a continuation chunk has no OCHK signature");
    return {addr + 4, size - 8};
  }

  const RawFile& raw_;
  const std::string& object_;
  unsigned flags_ = 0;
  std::set<uint64_t> seen_;
  ObjectHeader out_;
};

}  // namespace

ObjectHeader readObjectHeader(const RawFile& raw, uint64_t addr, const std::string& object) {
  return HeaderReader(raw, object).read(addr);
}

void checkLayoutMessages(const ObjectHeader& header, size_t sizeofAddr, const std::string& object) {
  for (const HeaderMessage& m : header.messages) {
    if (m.type != 0x08 || m.data.size() < 2) continue;
    const std::vector<uint8_t>& d = m.data;
    const unsigned version = d[0];
    uint64_t need = 0;
    if (version == 3 && d[1] == 0) {
      // version, class, size (2), raw data
      need = d.size() < 4 ? UINT64_MAX : 4 + decodeLE(&d[2], 2);
    } else if ((version == 1 || version == 2) && d.size() >= 8 && d[2] == 0) {
      // version, dimensionality, class, reserved (5), dims (4 each), size (4), raw data
      const uint64_t at = 8 + 4 * uint64_t{d[1]};
      need = at + 4 > d.size() ? UINT64_MAX : at + 4 + decodeLE(&d[at], 4);
    }
    (void)sizeofAddr;
    if (need > d.size()) fail("READ_FAILED", "damaged layout of " + object + ": its compact data is larger than the header message holding it", object);
  }
  // Fill value messages (old 0x04, new 0x05) carry a size and that many bytes, copied the same way.
  for (const HeaderMessage& m : header.messages) {
    const std::vector<uint8_t>& d = m.data;
    uint64_t at = UINT64_MAX;  // where the size field is, if the message has a value
    if (m.type == 0x04) {
      at = 0;
    } else if (m.type == 0x05 && !d.empty()) {
      if ((d[0] == 1 || d[0] == 2) && d.size() >= 4 && d[3] != 0) at = 4;    // version, alloc, write, defined
      else if (d[0] == 3 && d.size() >= 2 && (d[1] & 0x20)) at = 2;          // version, flags (value defined)
    }
    if (at == UINT64_MAX) continue;
    if (m.flags & 0x02) continue;  // shared: stored elsewhere
    const uint64_t need = at + 4 > d.size() ? UINT64_MAX : at + 4 + decodeLE(&d[at], 4);
    if (need > d.size()) fail("READ_FAILED", "damaged fill value of " + object + ": it declares more bytes than its header message holds", object);
  }
}

}  // namespace icepickle
