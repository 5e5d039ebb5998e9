#include "group-storage.h"

#include <cstring>
#include <set>
#include <vector>

#include "h5-common.h"

namespace icepickle {

namespace {

constexpr unsigned kMaxBTreeLevel = 64;  // far more than any file within 2^64 bytes can need
constexpr uint64_t kHeapFreeListEnd = 1;  // H5HL_FREE_NULL

class SymbolTableCheck {
 public:
  SymbolTableCheck(const RawFile& raw, const std::string& group)
      : raw_(raw), group_(group), sa_(raw.sizeofAddr()), ss_(raw.sizeofSize()) {}

  void run(uint64_t btreeAddr, uint64_t heapAddr) {
    readHeap(heapAddr);
    checkNode(btreeAddr, -1);
  }

 private:
  [[noreturn]] void bad(const std::string& what) const {
    fail("READ_FAILED", "damaged symbol table of group " + group_ + ": " + what, group_);
  }

  std::vector<uint8_t> bytes(uint64_t addr, uint64_t n, const std::string& what) const {
    if (addr == kUndefinedAddress || !raw_.contains(addr, n)) bad(what + " lies outside the file");
    std::vector<uint8_t> out(n);
    if (n && !raw_.read(addr, n, out.data())) bad("could not read " + what);
    return out;
  }

  // The local heap: header, data segment inside the file, a free list that stays inside it.
  void readHeap(uint64_t addr) {
    std::vector<uint8_t> h = bytes(addr, 8 + 2 * ss_ + sa_, "the local heap");
    if (std::memcmp(h.data(), "HEAP", 4) != 0 || h[4] != 0) bad("no local heap (HEAP, version 0) at " + std::to_string(addr));
    uint64_t size = decodeLE(&h[8], ss_);
    uint64_t freeList = decodeLE(&h[8 + ss_], ss_);
    uint64_t dataAddr = decodeAddress(&h[8 + 2 * ss_], sa_);
    if (size > raw_.size()) bad("the local heap declares " + std::to_string(size) + " bytes, more than the file");
    heap_ = bytes(dataAddr, size, "the local heap's data");
    std::set<uint64_t> seen;
    for (uint64_t block = freeList; block != kHeapFreeListEnd;) {
      if (block >= size || 2 * ss_ > size - block || !seen.insert(block).second) bad("its local heap's free list is corrupt");
      uint64_t next = decodeLE(&heap_[block], ss_);
      uint64_t length = decodeLE(&heap_[block + ss_], ss_);
      if (length > size - block) bad("its local heap's free list is corrupt");
      block = next;
    }
  }

  // A name libhdf5 will read from the heap: inside it and terminated inside it.
  void checkName(uint64_t offset, const char* what) const {
    if (offset >= heap_.size() || !std::memchr(&heap_[offset], 0, heap_.size() - offset)) {
      bad(std::string(what) + " at heap offset " + std::to_string(offset) + " lies outside the local heap");
    }
  }

  // A v1 B-tree node of group nodes; `level` is what its parent implies (-1 for the root).
  void checkNode(uint64_t addr, int level) {
    const uint64_t k = raw_.groupInternalK();
    if (k == 0) bad("its B-tree has rank 0");
    const uint64_t nodeSize = 8 + 2 * sa_ + 2 * k * sa_ + (2 * k + 1) * ss_;
    if (!seen_.insert(addr).second) bad("its B-tree reaches node " + std::to_string(addr) + " twice");
    std::vector<uint8_t> n = bytes(addr, nodeSize, "a B-tree node");
    if (std::memcmp(n.data(), "TREE", 4) != 0) bad("no B-tree node (TREE) at " + std::to_string(addr));
    if (n[4] != 0) bad("the B-tree at " + std::to_string(addr) + " is not a group B-tree (type " + std::to_string(n[4]) + ")");
    const int nodeLevel = n[5];
    if (nodeLevel > static_cast<int>(kMaxBTreeLevel) || (level >= 0 && nodeLevel != level)) {
      bad("B-tree node " + std::to_string(addr) + " has level " + std::to_string(nodeLevel) + (level >= 0 ? ", expected " + std::to_string(level) : ""));
    }
    const uint64_t used = decodeLE(&n[6], 2);
    if (used > 2 * k) bad("B-tree node " + std::to_string(addr) + " has " + std::to_string(used) + " children, more than its " + std::to_string(2 * k));
    // Keys and children alternate: key 0, child 0, key 1, ..., key `used`.
    std::vector<uint64_t> keys, children;
    for (uint64_t i = 0, p = 8 + 2 * sa_; i <= used; i++, p += ss_ + sa_) {
      keys.push_back(decodeLE(&n[p], ss_));
      if (i < used) children.push_back(decodeAddress(&n[p + ss_], sa_));
    }
    for (uint64_t child : children) {
      if (child == kUndefinedAddress || !raw_.contains(child, 8)) {
        bad("B-tree node " + std::to_string(addr) + " has a child " + (child == kUndefinedAddress ? "with an undefined address" : "outside the file"));
      }
    }
    if (used > 0) {  // an empty root's key is never read
      for (uint64_t key : keys) checkName(key, "a B-tree key");
    }
    // Siblings are not followed when reading, but libhdf5 decodes them: they must be addresses.
    for (size_t s = 0; s < 2; s++) {
      uint64_t sibling = decodeAddress(&n[8 + s * sa_], sa_);
      if (sibling != kUndefinedAddress && !raw_.contains(sibling, nodeSize)) bad("a B-tree sibling lies outside the file");
    }
    for (uint64_t child : children) {
      if (nodeLevel > 0) checkNode(child, nodeLevel - 1);
      else checkSymbolNode(child);
    }
  }

  // A symbol node: SNOD, version 1, no more entries than it has room for, names in the heap,
  // object headers inside the file.
  void checkSymbolNode(uint64_t addr) {
    const uint64_t entrySize = ss_ + sa_ + 4 + 4 + 16;
    const uint64_t capacity = 2 * static_cast<uint64_t>(raw_.groupLeafK());
    if (!seen_.insert(addr).second) bad("its B-tree reaches symbol node " + std::to_string(addr) + " twice");
    std::vector<uint8_t> n = bytes(addr, 8 + capacity * entrySize, "a symbol node");
    if (std::memcmp(n.data(), "SNOD", 4) != 0 || n[4] != 1) bad("no symbol node (SNOD, version 1) at " + std::to_string(addr));
    const uint64_t count = decodeLE(&n[6], 2);
    if (count > capacity) bad("symbol node " + std::to_string(addr) + " holds " + std::to_string(count) + " entries, room for " + std::to_string(capacity));
    for (uint64_t i = 0; i < count; i++) {
      const uint8_t* e = &n[8 + i * entrySize];
      checkName(decodeLE(e, ss_), "a link name");
      uint64_t header = decodeAddress(e + ss_, sa_);
      uint32_t cacheType = static_cast<uint32_t>(decodeLE(e + ss_ + sa_, 4));
      if (cacheType == 2) {  // a soft link: its target is a string in the heap
        checkName(decodeLE(e + ss_ + sa_ + 8, 4), "a soft link's target");
      } else if (header == kUndefinedAddress || !raw_.contains(header, 16)) {
        bad("a link points at an object header outside the file");
      }
    }
  }

  const RawFile& raw_;
  const std::string& group_;
  const size_t sa_, ss_;
  std::vector<uint8_t> heap_;
  std::set<uint64_t> seen_;
};

// Fractal heap and v2 B-tree addresses of link or attribute info messages: undefined (nothing
// stored densely) or a structure inside the file with its signature.
void checkDenseStorage(const RawFile& raw, const HeaderMessage& m, size_t indexFieldBytes, const std::string& what, const std::string& object) {
  const size_t sa = raw.sizeofAddr();
  auto bad = [&](const std::string& why) { fail("READ_FAILED", "damaged " + what + " of " + object + ": " + why, object); };
  if (m.data.size() < 2) bad("message too short");
  const unsigned flags = m.data[1];
  size_t p = 2 + ((flags & 1) ? indexFieldBytes : 0);
  const char* signatures[] = {"FRHP", "BTHD", "BTHD"};
  const size_t fields = (flags & 2) ? 3 : 2;
  if (m.data.size() < p + fields * sa) bad("message too short");
  for (size_t f = 0; f < fields; f++, p += sa) {
    uint64_t addr = decodeAddress(&m.data[p], sa);
    if (addr == kUndefinedAddress) continue;
    uint8_t sig[4];
    if (!raw.contains(addr, 16) || !raw.read(addr, 4, sig)) bad(std::string(signatures[f] == std::string("FRHP") ? "its fractal heap" : "its B-tree index") + " lies outside the file");
    if (std::memcmp(sig, signatures[f], 4) != 0) bad(std::string("no ") + signatures[f] + " signature at " + std::to_string(addr));
  }
}

}  // namespace

void checkGroupStorage(const RawFile& raw, const ObjectHeader& header, const std::string& group) {
  for (const HeaderMessage& m : header.messages) {
    if (m.type == kMsgSymbolTable) {
      const size_t sa = raw.sizeofAddr();
      if (m.data.size() < 2 * sa) fail("READ_FAILED", "damaged symbol table message of group " + group, group);
      SymbolTableCheck(raw, group).run(decodeAddress(m.data.data(), sa), decodeAddress(m.data.data() + sa, sa));
    } else if (m.type == kMsgLinkInfo) {
      checkDenseStorage(raw, m, 8, "link info", group);
    }
  }
}

void checkDenseAttributeStorage(const RawFile& raw, const ObjectHeader& header, const std::string& object) {
  for (const HeaderMessage& m : header.messages) {
    if (m.type == kMsgAttributeInfo) checkDenseStorage(raw, m, 2, "attribute info", object);
  }
}

}  // namespace icepickle
