// Finds the superblock in the raw bytes and checks the object headers libhdf5 loads while opening a
// file (the root group's, and a version 2+ superblock's extension) *before* H5Fopen: libhdf5 1.10.8
// follows an undefined continuation address in the root header straight into an out-of-bounds
// memcpy during H5Fopen itself, before any check after opening could run.
#pragma once

#include "raw-file.h"

namespace icepickle {

// Fails with NOT_HDF5 (what a failed H5Fopen reports) when a header libhdf5 would load at open time
// is damaged. Does nothing when no superblock is found: H5Fopen then refuses the file itself.
void checkBeforeOpen(RawFile& raw);

// After H5Fopen accepted the file: every writer stores the superblock's own position as its base
// address, and libhdf5 1.10 quietly "corrects" a damaged one and reads on; READ_FAILED instead (as
// HDF5 2.0 in the wasm backend).
void checkBaseAddress(const RawFile& raw);

}  // namespace icepickle
