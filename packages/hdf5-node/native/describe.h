// Describes a whole file at open time (every object, every attribute) without following a soft or
// external link, opening another file, or reading dataset values.
#pragma once

#include "h5-common.h"
#include "raw-file.h"

#include <napi.h>

#include <string>
#include <utility>
#include <vector>

namespace icepickle {

struct AttrEntry {
  enum class Kind { String, Number, Bool, BigInt, BigUint, Strings, Numbers, BigInts, BigUints };
  std::string name;
  Kind kind = Kind::Number;
  std::vector<double> numbers;
  std::vector<int64_t> bigints;
  std::vector<uint64_t> biguints;
  std::vector<std::string> strings;
};

struct NodeEntry {
  std::string kind;  // dataset | group | soft-link | external-link | other-link
  std::string path;
  std::string target;
  TypeInfo type;
  std::vector<hsize_t> shape;
  std::string layout;
  std::vector<hsize_t> chunks;
  std::vector<std::pair<int, std::string>> filters;
  bool external = false;
  std::vector<AttrEntry> attrs;
};

struct Description {
  std::vector<AttrEntry> rootAttrs;
  std::vector<NodeEntry> nodes;
};

// Fills `out`; fails with LIMIT_EXCEEDED past `maxObjects` or an attribute over `maxAttributeBytes`,
// READ_FAILED on corrupt metadata. Every object header (and a group's link storage) is checked
// from the raw bytes before libhdf5 opens it (object-header.h, group-storage.h).
void describeFile(hid_t file, size_t maxObjects, uint64_t maxAttributeBytes, const RawFile& raw, Description& out);

// Reads every attribute of an object.
void readAttributes(hid_t obj, const std::string& objectPath, const RawFile* raw, uint64_t maxBytes, std::vector<AttrEntry>& out);

Napi::Value toJs(Napi::Env env, const Description& d);
Napi::Object attrsToJs(Napi::Env env, const std::vector<AttrEntry>& attrs);

}  // namespace icepickle
