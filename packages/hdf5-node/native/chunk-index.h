// The addresses of every chunk of a chunked dataset whose index is a version-1 B-tree (what h5py and
// libhdf5 1.10 write by default), read once from the raw bytes. libhdf5 1.10.8 has no cheap way to ask
// where one chunk lives (H5Dget_chunk_info_by_coord walks every chunk), and H5Dread_chunk adds its own
// overhead; with the table a chunk read is one pread, which is what lazy prediction on a column-chunked
// model spends its time on (figures: bench/RESULTS.md).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "raw-file.h"

namespace icepickle {

struct ChunkTable {
  // Chunks per axis (ceil(dim / chunk)).
  std::vector<uint64_t> grid;
  // Address of each chunk in row-major grid order (kUndefinedAddress: never written).
  std::vector<uint64_t> address;
  // Stored bytes of every written chunk (all equal: unfiltered chunks of one shape).
  uint64_t chunkBytes = 0;
};

// The table for an unfiltered chunked dataset (its object header at `headerAddr`), or nullptr when its
// index is not a v1 B-tree, when a chunk's stored size is not `chunkBytes`, or when the grid has more
// than `maxChunks` chunks: the caller then reads through libhdf5. Fails with READ_FAILED (naming
// `path`) on a damaged index: nodes outside the file, wrong signatures, levels that do not decrease,
// a node reached twice, chunk offsets off the grid or twice, chunks outside the file.
std::shared_ptr<const ChunkTable> readChunkTable(const RawFile& raw, uint64_t headerAddr, const std::vector<uint64_t>& dims,
                                                 const std::vector<uint64_t>& chunk, uint64_t chunkBytes, uint64_t maxChunks,
                                                 const std::string& path);

}  // namespace icepickle
