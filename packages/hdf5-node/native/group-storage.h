// Checks a group's link storage from the raw bytes before libhdf5 1.10.8 walks it. libhdf5 trusts
// the addresses and counts of old-style (symbol table) groups: an undefined B-tree child or local
// heap address, a symbol node holding more entries than it has room for, or a name offset outside
// the heap makes it read out of bounds (segfaults found by fuzzing); a B-tree whose levels do not
// decrease makes it recurse without end. New-style groups are checked as far as is cheap: their
// fractal heap and name-index B-tree must be inside the file and carry their signatures.
#pragma once

#include <string>

#include "object-header.h"
#include "raw-file.h"

namespace icepickle {

// Fails with READ_FAILED, naming the group, on any inconsistency.
void checkGroupStorage(const RawFile& raw, const ObjectHeader& header, const std::string& group);

// Fails with READ_FAILED unless the dense attribute storage the header points at (if any) is inside
// the file with the right signatures.
void checkDenseAttributeStorage(const RawFile& raw, const ObjectHeader& header, const std::string& object);

}  // namespace icepickle
