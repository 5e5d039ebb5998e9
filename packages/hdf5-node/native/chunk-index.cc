#include "chunk-index.h"

#include <cstring>
#include <set>

#include "h5-common.h"
#include "object-header.h"

namespace icepickle {

namespace {

constexpr unsigned kMsgLayout = 0x08;
constexpr unsigned kMaxLevel = 64;

class ChunkTreeWalk {
 public:
  ChunkTreeWalk(const RawFile& raw, ChunkTable& table, const std::vector<uint64_t>& dims, const std::vector<uint64_t>& chunk, const std::string& path)
      : raw_(raw), table_(table), dims_(dims), chunk_(chunk), path_(path), sa_(raw.sizeofAddr()) {}

  // False when a chunk's stored size differs from the table's (filtered or odd): not our fast path.
  bool walk(uint64_t root) { return node(root, -1); }

 private:
  [[noreturn]] void bad(const std::string& what) const { fail("READ_FAILED", "damaged chunk index of " + path_ + ": " + what, path_); }

  bool node(uint64_t addr, int level) {
    if (addr == kUndefinedAddress || !seen_.insert(addr).second) bad("B-tree node " + std::to_string(addr) + " is undefined or reached twice");
    const size_t rank = dims_.size();
    const size_t keySize = 8 + 8 * (rank + 1);
    uint8_t head[8];
    if (!raw_.contains(addr, 8 + 2 * sa_) || !raw_.read(addr, 8, head)) bad("B-tree node " + std::to_string(addr) + " lies outside the file");
    if (std::memcmp(head, "TREE", 4) != 0 || head[4] != 1) bad("no chunk B-tree node (TREE, type 1) at " + std::to_string(addr));
    const int nodeLevel = head[5];
    if (nodeLevel > static_cast<int>(kMaxLevel) || (level >= 0 && nodeLevel != level)) bad("B-tree node " + std::to_string(addr) + " has level " + std::to_string(nodeLevel));
    const uint64_t used = decodeLE(&head[6], 2);
    const uint64_t bodyAddr = addr + 8 + 2 * sa_;
    const uint64_t bodySize = used * (keySize + sa_) + keySize;
    if (!raw_.contains(bodyAddr, bodySize)) bad("B-tree node " + std::to_string(addr) + " lies outside the file");
    std::vector<uint8_t> body(bodySize);
    if (!raw_.read(bodyAddr, bodySize, body.data())) bad("could not read B-tree node " + std::to_string(addr));
    for (uint64_t e = 0; e < used; e++) {
      const uint8_t* key = &body[e * (keySize + sa_)];
      const uint64_t child = decodeAddress(key + keySize, sa_);
      if (nodeLevel > 0) {
        if (!node(child, nodeLevel - 1)) return false;
        continue;
      }
      const uint64_t size = decodeLE(key, 4);
      const uint64_t mask = decodeLE(key + 4, 4);
      if (size != table_.chunkBytes || mask != 0) return false;
      uint64_t linear = 0;
      for (size_t d = 0; d < rank; d++) {
        const uint64_t offset = decodeLE(key + 8 + 8 * d, 8);
        if (offset % chunk_[d] != 0 || offset >= dims_[d]) bad("a chunk at offset " + std::to_string(offset) + " is off the grid on axis " + std::to_string(d));
        linear = linear * table_.grid[d] + offset / chunk_[d];
      }
      if (child == kUndefinedAddress || !raw_.contains(child, size)) bad("chunk " + std::to_string(linear) + " lies outside the file");
      if (table_.address[linear] != kUndefinedAddress) bad("chunk " + std::to_string(linear) + " is indexed twice");
      table_.address[linear] = child;
    }
    return true;
  }

  const RawFile& raw_;
  ChunkTable& table_;
  const std::vector<uint64_t>& dims_;
  const std::vector<uint64_t>& chunk_;
  const std::string& path_;
  const size_t sa_;
  std::set<uint64_t> seen_;
};

}  // namespace

std::shared_ptr<const ChunkTable> readChunkTable(const RawFile& raw, uint64_t headerAddr, const std::vector<uint64_t>& dims,
                                                 const std::vector<uint64_t>& chunk, uint64_t chunkBytes, uint64_t maxChunks,
                                                 const std::string& path) {
  const ObjectHeader header = readObjectHeader(raw, headerAddr, path);
  const HeaderMessage* layout = nullptr;
  for (const HeaderMessage& m : header.messages) if (m.type == kMsgLayout) layout = &m;
  // Layout message version 3, class 2 (chunked): the index is a v1 B-tree at the address that follows.
  const size_t sa = raw.sizeofAddr();
  if (!layout || layout->data.size() < 3 + sa || layout->data[0] != 3 || layout->data[1] != 2) return nullptr;
  if (layout->data[2] != dims.size() + 1) return nullptr;
  const uint64_t root = decodeAddress(&layout->data[3], sa);

  auto table = std::make_shared<ChunkTable>();
  table->chunkBytes = chunkBytes;
  uint64_t count = 1;
  for (size_t d = 0; d < dims.size(); d++) {
    if (chunk[d] == 0) return nullptr;
    table->grid.push_back((dims[d] + chunk[d] - 1) / chunk[d]);
    count *= table->grid.back();
    if (count > maxChunks) return nullptr;
  }
  table->address.assign(count, kUndefinedAddress);
  if (root == kUndefinedAddress) return table;  // nothing written yet: every chunk is the fill value
  ChunkTreeWalk walk(raw, *table, dims, chunk, path);
  if (!walk.walk(root)) return nullptr;
  return table;
}

}  // namespace icepickle
