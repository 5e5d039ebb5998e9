// Checks the size every attribute of an object declares, from its raw object header, before libhdf5
// reads any: libhdf5 decodes an attribute's whole value whenever it lists attributes, so a damaged
// or hostile dataspace (2^40 values) is met before the addon could look at one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "object-header.h"

namespace icepickle {

// Fails with LIMIT_EXCEEDED ([rule: max-attribute-bytes]) when an attribute declares more than
// `maxBytes` bytes (elements × stored item size). Attributes kept in dense storage (a fractal heap)
// are not in the header; libhdf5 decodes those and the per-attribute check in describe.cc applies.
void checkAttributeSizes(const ObjectHeader& header, size_t sizeofSize, uint64_t maxBytes, const std::string& object);

// The names of the attributes stored in the header itself (compact storage), read from their
// messages; false when libhdf5 must list them (dense storage, or a message shared elsewhere).
bool compactAttributeNames(const ObjectHeader& header, size_t sizeofAddr, const std::string& object, std::vector<std::string>& names);

}  // namespace icepickle
