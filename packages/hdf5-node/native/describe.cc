#include "describe.h"

#include "attribute-sizes.h"
#include "group-storage.h"
#include "object-header.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

namespace icepickle {

namespace {

constexpr int64_t kMaxSafe = 9007199254740991;  // Number.MAX_SAFE_INTEGER

struct LinkName {
  std::string name;
  H5L_type_t type;
  size_t valSize;
  haddr_t address;  // of a hard link's object header
};

herr_t collectLink(hid_t, const char* name, const H5L_info_t* info, void* data) {
  bool hard = info->type == H5L_TYPE_HARD;
  static_cast<std::vector<LinkName>*>(data)->push_back({name, info->type, hard ? 0 : info->u.val_size, hard ? info->u.address : HADDR_UNDEF});
  return 0;
}

// The message types whose targets checkObject verifies: libhdf5 must not see one it did not.
constexpr uint64_t kCheckedMessages = (uint64_t{1} << kMsgSymbolTable) | (uint64_t{1} << kMsgLinkInfo) |
                                      (uint64_t{1} << kMsgAttribute) | (uint64_t{1} << kMsgAttributeInfo);

// Before libhdf5 opens the object at `addr`: its header, attribute sizes, dense attribute storage and
// (for groups) link storage, from the raw bytes. Returns the message types found.
uint64_t checkObject(const RawFile& raw, haddr_t addr, const std::string& path, uint64_t maxAttributeBytes) {
  ObjectHeader header = readObjectHeader(raw, addr == HADDR_UNDEF ? kUndefinedAddress : addr, path);
  checkAttributeSizes(header, raw.sizeofSize(), maxAttributeBytes, path);
  checkLayoutMessages(header, raw.sizeofAddr(), path);
  checkDenseAttributeStorage(raw, header, path);
  checkGroupStorage(raw, header, path);
  return header.present;
}

// libhdf5 parsed the header itself: if it found a message our parse did not, the check above
// looked at something else than libhdf5 will use.
void sameMessages(uint64_t ours, const H5O_info_t& info, const std::string& path) {
  if ((info.hdr.mesg.present & kCheckedMessages & ~ours) != 0) {
    fail("READ_FAILED", "damaged object header of " + path + ": libhdf5 reads messages the addon's check did not find", path);
  }
}

herr_t collectAttrName(hid_t, const char* name, const H5A_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->push_back(name);
  return 0;
}

std::string joinPath(const std::string& prefix, const std::string& name) {
  return prefix == "/" ? "/" + name : prefix + "/" + name;
}

void readOneAttribute(hid_t obj, const std::string& name, const std::string& objectPath, const RawFile* raw, uint64_t maxBytes,
                      std::vector<AttrEntry>& out) {
  const std::string where = objectPath + " attribute \"" + name + "\"";
  Hid attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT));
  if (!attr.valid()) fail("READ_FAILED", "could not open " + where, objectPath);
  Hid type(H5Aget_type(attr.get()));
  Hid space(H5Aget_space(attr.get()));
  if (!type.valid() || !space.valid()) fail("READ_FAILED", "could not read the type of " + where, objectPath);
  H5S_class_t spaceClass = H5Sget_simple_extent_type(space.get());
  if (spaceClass == H5S_NULL) return;  // h5py.Empty: no value to report
  bool scalar = spaceClass == H5S_SCALAR;
  hssize_t npoints = H5Sget_simple_extent_npoints(space.get());
  if (npoints < 0) fail("READ_FAILED", "could not read the shape of " + where, objectPath);
  size_t count = static_cast<size_t>(npoints);
  TypeInfo info = classifyType(type.get());
  if (info.dtype == DType::Other) return;  // compound, opaque, references...: not an AttrValue
  // Attributes in the header were checked before libhdf5 decoded them; this covers dense storage.
  if (static_cast<hsize_t>(count) > maxBytes / std::max<size_t>(info.itemSize, 1)) {
    fail("LIMIT_EXCEEDED", "attribute \"" + name + "\" of " + objectPath + " declares " + std::to_string(count) + " values of " +
                               std::to_string(info.itemSize) + " bytes, more than the limit of " + std::to_string(maxBytes) +
                               " bytes [rule: max-attribute-bytes]", objectPath);
  }
  AttrEntry entry;
  entry.name = name;
  switch (info.dtype) {
    case DType::Utf8: {
      readStrings(attr.get(), true, type.get(), H5S_ALL, H5S_ALL, count, entry.strings, raw, where);
      // variable-length strings declare 16 bytes each whatever they hold: their content counts too
      uint64_t bytes = 0;
      for (const std::string& v : entry.strings) bytes += v.size();
      if (bytes > maxBytes) {
        fail("LIMIT_EXCEEDED", "attribute \"" + name + "\" of " + objectPath + " holds " + std::to_string(bytes) + " bytes of strings, more than the limit of " +
                                   std::to_string(maxBytes) + " [rule: max-attribute-bytes]", objectPath);
      }
      entry.kind = scalar ? AttrEntry::Kind::String : AttrEntry::Kind::Strings;
      break;
    }
    case DType::Int64: {
      entry.bigints.resize(count);
      if (count && H5Aread(attr.get(), H5T_NATIVE_INT64, entry.bigints.data()) < 0) fail("READ_FAILED", "could not read " + where, objectPath);
      entry.kind = scalar ? AttrEntry::Kind::BigInt : AttrEntry::Kind::BigInts;
      // As numbers when every value is a safe integer (the contract's mapping, as h5py ints read).
      if (std::all_of(entry.bigints.begin(), entry.bigints.end(), [](int64_t v) { return v >= -kMaxSafe && v <= kMaxSafe; })) {
        for (int64_t v : entry.bigints) entry.numbers.push_back(static_cast<double>(v));
        entry.bigints.clear();
        entry.kind = scalar ? AttrEntry::Kind::Number : AttrEntry::Kind::Numbers;
      }
      break;
    }
    case DType::Uint64: {
      entry.biguints.resize(count);
      if (count && H5Aread(attr.get(), H5T_NATIVE_UINT64, entry.biguints.data()) < 0) fail("READ_FAILED", "could not read " + where, objectPath);
      entry.kind = scalar ? AttrEntry::Kind::BigUint : AttrEntry::Kind::BigUints;
      if (std::all_of(entry.biguints.begin(), entry.biguints.end(), [](uint64_t v) { return v <= static_cast<uint64_t>(kMaxSafe); })) {
        for (uint64_t v : entry.biguints) entry.numbers.push_back(static_cast<double>(v));
        entry.biguints.clear();
        entry.kind = scalar ? AttrEntry::Kind::Number : AttrEntry::Kind::Numbers;
      }
      break;
    }
    case DType::Bool: {
      std::vector<signed char> raw(count);
      Hid mem(makeBoolType());
      if (count && H5Aread(attr.get(), mem.get(), raw.data()) < 0) fail("READ_FAILED", "could not read " + where, objectPath);
      for (signed char v : raw) entry.numbers.push_back(v ? 1 : 0);
      entry.kind = scalar ? AttrEntry::Kind::Bool : AttrEntry::Kind::Numbers;
      break;
    }
    default: {  // every float and integer up to 32 bits is exact as a double
      entry.numbers.resize(count);
      if (count && H5Aread(attr.get(), H5T_NATIVE_DOUBLE, entry.numbers.data()) < 0) fail("READ_FAILED", "could not read " + where, objectPath);
      entry.kind = scalar ? AttrEntry::Kind::Number : AttrEntry::Kind::Numbers;
      break;
    }
  }
  out.push_back(std::move(entry));
}

std::string layoutName(H5D_layout_t layout) {
  switch (layout) {
    case H5D_CONTIGUOUS: return "contiguous";
    case H5D_CHUNKED: return "chunked";
    case H5D_COMPACT: return "compact";
    case H5D_VIRTUAL: return "virtual";
    default: return "unknown";
  }
}

void describeDataset(hid_t parent, const std::string& name, const RawFile* raw, uint64_t maxAttributeBytes, NodeEntry& node) {
  Hid dset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT));
  if (!dset.valid()) fail("READ_FAILED", "could not open dataset " + node.path, node.path);
  Hid type(H5Dget_type(dset.get()));
  if (!type.valid()) fail("READ_FAILED", "could not read the type of dataset " + node.path, node.path);
  node.type = classifyType(type.get());
  Hid dcpl(H5Dget_create_plist(dset.get()));
  if (!dcpl.valid()) fail("READ_FAILED", "could not read the storage of dataset " + node.path, node.path);
  H5D_layout_t layout = H5Pget_layout(dcpl.get());
  node.layout = layoutName(layout);
  int nExternal = H5Pget_external_count(dcpl.get());
  node.external = nExternal > 0;
  Hid space(H5Dget_space(dset.get()));
  if (!space.valid()) fail("READ_FAILED", "could not read the shape of dataset " + node.path, node.path);
  int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail("READ_FAILED", "could not read the rank of dataset " + node.path, node.path);
  node.shape.resize(rank);
  if (rank > 0 && H5Sget_simple_extent_dims(space.get(), node.shape.data(), nullptr) < 0) {
    fail("READ_FAILED", "could not read the shape of dataset " + node.path, node.path);
  }
  if (H5Sget_simple_extent_type(space.get()) == H5S_NULL) {
    // h5py.Empty: no values of any type, listed as 'other' (never read), as the wasm backend does
    node.type.description = "empty dataset (null dataspace)" + (node.type.description.empty() ? "" : " of " + node.type.description);
    node.type.dtype = DType::Other;
  }
  if (layout == H5D_CHUNKED) {
    node.chunks.resize(std::max(rank, 1));
    int chunkRank = H5Pget_chunk(dcpl.get(), static_cast<int>(node.chunks.size()), node.chunks.data());
    if (chunkRank < 0) fail("READ_FAILED", "could not read the chunk shape of dataset " + node.path, node.path);
    node.chunks.resize(chunkRank);
  }
  int nFilters = H5Pget_nfilters(dcpl.get());
  for (int i = 0; i < nFilters; i++) {
    unsigned flags = 0, config = 0;
    size_t nValues = 0;
    char filterName[256] = "";
    H5Z_filter_t id = H5Pget_filter2(dcpl.get(), static_cast<unsigned>(i), &flags, &nValues, nullptr, sizeof filterName, filterName, &config);
    if (id < 0) fail("READ_FAILED", "could not read the filters of dataset " + node.path, node.path);
    node.filters.emplace_back(static_cast<int>(id), filterName);
  }
  H5Eclear2(H5E_DEFAULT);
  readAttributes(dset.get(), node.path, raw, maxAttributeBytes, node.attrs);
}

struct Walk {
  hid_t file;
  size_t maxObjects;
  uint64_t maxAttributeBytes;
  std::set<haddr_t> visitedGroups;
  std::map<haddr_t, uint64_t> checkedObjects;  // object header → message types found
  const RawFile* raw;
  Description* out;
};

void visitGroup(hid_t group, const std::string& prefix, Walk& walk) {
  std::vector<LinkName> links;
  hsize_t idx = 0;
  if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &idx, collectLink, &links) < 0) {
    fail("READ_FAILED", "could not list the links of group " + prefix, prefix);
  }
  // Byte order of UTF-8 names is code point order: the same on every backend.
  std::sort(links.begin(), links.end(), [](const LinkName& a, const LinkName& b) { return a.name < b.name; });
  for (const LinkName& link : links) {
    if (walk.out->nodes.size() >= walk.maxObjects) {
      fail("LIMIT_EXCEEDED", "the file has more than " + std::to_string(walk.maxObjects) + " objects", prefix);
    }
    NodeEntry node;
    node.path = joinPath(prefix, link.name);
    if (link.type == H5L_TYPE_SOFT || link.type == H5L_TYPE_EXTERNAL) {
      std::vector<char> value(link.valSize + 1, '\0');
      if (H5Lget_val(group, link.name.c_str(), value.data(), value.size(), H5P_DEFAULT) < 0) {
        fail("READ_FAILED", "could not read link " + node.path, node.path);
      }
      if (link.type == H5L_TYPE_SOFT) {
        node.kind = "soft-link";
        node.target = std::string(value.data(), strnlen(value.data(), link.valSize));
      } else {
        node.kind = "external-link";
        const char* file = nullptr;
        const char* path = nullptr;
        unsigned flags = 0;
        if (H5Lunpack_elink_val(value.data(), link.valSize, &flags, &file, &path) < 0 || !file || !path) {
          node.target = "?";
        } else {
          node.target = std::string(file) + ":" + path;
        }
      }
      walk.out->nodes.push_back(std::move(node));
      continue;
    }
    if (link.type != H5L_TYPE_HARD) {
      node.kind = "other-link";
      node.target = "user-defined link type " + std::to_string(static_cast<int>(link.type));
      walk.out->nodes.push_back(std::move(node));
      continue;
    }
    // Checked before libhdf5 opens it (a group once: a hard link cycle reaches it again).
    auto checked = walk.checkedObjects.find(link.address);
    if (checked == walk.checkedObjects.end()) {
      checked = walk.checkedObjects.emplace(link.address, checkObject(*walk.raw, link.address, node.path, walk.maxAttributeBytes)).first;
    }
    const uint64_t present = checked->second;
    H5O_info_t info;
    if (H5Oget_info_by_name2(group, link.name.c_str(), &info, H5O_INFO_BASIC | H5O_INFO_HDR, H5P_DEFAULT) < 0) {
      fail("READ_FAILED", "could not read object " + node.path, node.path);
    }
    if (info.addr != link.address) fail("READ_FAILED", "damaged group " + prefix + ": link " + link.name + " resolves to another object", node.path);
    sameMessages(present, info, node.path);
    if (info.type == H5O_TYPE_GROUP) {
      node.kind = "group";
      Hid child(H5Gopen2(group, link.name.c_str(), H5P_DEFAULT));
      if (!child.valid()) fail("READ_FAILED", "could not open group " + node.path, node.path);
      readAttributes(child.get(), node.path, walk.raw, walk.maxAttributeBytes, node.attrs);
      std::string path = node.path;
      walk.out->nodes.push_back(std::move(node));
      // A hard link back to an ancestor would make the walk endless: each group is entered once.
      if (walk.visitedGroups.insert(info.addr).second) visitGroup(child.get(), path, walk);
    } else if (info.type == H5O_TYPE_DATASET) {
      node.kind = "dataset";
      describeDataset(group, link.name, walk.raw, walk.maxAttributeBytes, node);
      walk.out->nodes.push_back(std::move(node));
    }
    // Committed datatypes are not data: not listed.
  }
}

}  // namespace

void readAttributes(hid_t obj, const std::string& objectPath, const RawFile* raw, uint64_t maxBytes, std::vector<AttrEntry>& out) {
  std::vector<std::string> names;
  // Attributes in the header are named from their messages and opened one by one: libhdf5 1.10.8's
  // H5Aiterate builds a table of all of them first and, when one fails to decode, frees the entries
  // it never filled (a segfault, found by fuzzing richer files).
  H5O_info_t info;
  bool compact = false;
  if (raw && H5Oget_info2(obj, &info, H5O_INFO_BASIC) >= 0) compact = compactAttributeNames(readObjectHeader(*raw, info.addr, objectPath), raw->sizeofAddr(), objectPath, names);
  H5Eclear2(H5E_DEFAULT);
  if (!compact) {
    names.clear();
    hsize_t idx = 0;
    if (H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, &idx, collectAttrName, &names) < 0) {
      fail("READ_FAILED", "could not list the attributes of " + objectPath, objectPath);
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (const std::string& name : names) readOneAttribute(obj, name, objectPath, raw, maxBytes, out);
}

void describeFile(hid_t file, size_t maxObjects, uint64_t maxAttributeBytes, const RawFile& raw, Description& out) {
  Hid root(H5Gopen2(file, "/", H5P_DEFAULT));
  if (!root.valid()) fail("READ_FAILED", "could not open the root group");
  H5O_info_t info;
  if (H5Oget_info2(root.get(), &info, H5O_INFO_BASIC | H5O_INFO_HDR) < 0) fail("READ_FAILED", "could not read the root group");
  sameMessages(checkObject(raw, info.addr, "/", maxAttributeBytes), info, "/");
  Walk walk{file, maxObjects, maxAttributeBytes, {info.addr}, {}, &raw, &out};
  readAttributes(root.get(), "/", &raw, maxAttributeBytes, out.rootAttrs);
  visitGroup(root.get(), "/", walk);
}

// --- to JavaScript ------------------------------------------------------------------------------

Napi::Object attrsToJs(Napi::Env env, const std::vector<AttrEntry>& attrs) {
  Napi::Object obj = Napi::Object::New(env);
  for (const AttrEntry& a : attrs) {
    Napi::Value value;
    switch (a.kind) {
      case AttrEntry::Kind::String: value = Napi::String::New(env, a.strings.empty() ? "" : a.strings[0]); break;
      case AttrEntry::Kind::Number: value = Napi::Number::New(env, a.numbers.empty() ? 0 : a.numbers[0]); break;
      case AttrEntry::Kind::Bool: value = Napi::Boolean::New(env, !a.numbers.empty() && a.numbers[0] != 0); break;
      case AttrEntry::Kind::BigInt: value = Napi::BigInt::New(env, a.bigints.empty() ? 0 : a.bigints[0]); break;
      case AttrEntry::Kind::BigUint: value = Napi::BigInt::New(env, a.biguints.empty() ? 0 : a.biguints[0]); break;
      case AttrEntry::Kind::Strings: {
        Napi::Array arr = Napi::Array::New(env, a.strings.size());
        for (size_t i = 0; i < a.strings.size(); i++) arr.Set(i, Napi::String::New(env, a.strings[i]));
        value = arr;
        break;
      }
      case AttrEntry::Kind::Numbers: {
        Napi::Array arr = Napi::Array::New(env, a.numbers.size());
        for (size_t i = 0; i < a.numbers.size(); i++) arr.Set(i, Napi::Number::New(env, a.numbers[i]));
        value = arr;
        break;
      }
      case AttrEntry::Kind::BigInts: {
        Napi::Array arr = Napi::Array::New(env, a.bigints.size());
        for (size_t i = 0; i < a.bigints.size(); i++) arr.Set(i, Napi::BigInt::New(env, a.bigints[i]));
        value = arr;
        break;
      }
      case AttrEntry::Kind::BigUints: {
        Napi::Array arr = Napi::Array::New(env, a.biguints.size());
        for (size_t i = 0; i < a.biguints.size(); i++) arr.Set(i, Napi::BigInt::New(env, a.biguints[i]));
        value = arr;
        break;
      }
    }
    obj.Set(a.name, value);
  }
  return obj;
}

Napi::Value toJs(Napi::Env env, const Description& d) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("rootAttrs", attrsToJs(env, d.rootAttrs));
  Napi::Array nodes = Napi::Array::New(env, d.nodes.size());
  for (size_t i = 0; i < d.nodes.size(); i++) {
    const NodeEntry& n = d.nodes[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("kind", n.kind);
    o.Set("path", n.path);
    if (n.kind == "dataset") {
      o.Set("dtype", dtypeName(n.type.dtype));
      o.Set("itemSize", Napi::Number::New(env, static_cast<double>(n.type.itemSize)));
      Napi::Array shape = Napi::Array::New(env, n.shape.size());
      for (size_t k = 0; k < n.shape.size(); k++) shape.Set(k, Napi::Number::New(env, static_cast<double>(n.shape[k])));
      o.Set("shape", shape);
      o.Set("layout", n.layout);
      if (n.layout == "chunked") {
        Napi::Array chunks = Napi::Array::New(env, n.chunks.size());
        for (size_t k = 0; k < n.chunks.size(); k++) chunks.Set(k, Napi::Number::New(env, static_cast<double>(n.chunks[k])));
        o.Set("chunks", chunks);
      }
      Napi::Array filters = Napi::Array::New(env, n.filters.size());
      for (size_t k = 0; k < n.filters.size(); k++) {
        Napi::Object f = Napi::Object::New(env);
        f.Set("id", n.filters[k].first);
        f.Set("name", n.filters[k].second);
        filters.Set(k, f);
      }
      o.Set("filters", filters);
      o.Set("external", n.external);
      if (!n.type.description.empty()) o.Set("typeDescription", n.type.description);
    } else if (n.kind != "group") {
      o.Set("target", n.target);
    }
    if (n.kind == "dataset" || n.kind == "group") o.Set("attrs", attrsToJs(env, n.attrs));
    nodes.Set(i, o);
  }
  result.Set("nodes", nodes);
  return result;
}

}  // namespace icepickle
