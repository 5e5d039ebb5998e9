#include "h5-common.h"

#include "raw-file.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace icepickle {

std::mutex& h5Mutex() {
  static std::mutex mutex;
  return mutex;
}

H5Lock::H5Lock() : guard_(h5Mutex()) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

std::string takeErrorStack() {
  // libhdf5's own text (H5Eprint2, as h5py and h5wasm show it: "HDF5-DIAG: Error detected in HDF5
  // (1.10.8) ...", then "#000: file line N in func(): what" and its major / minor lines), captured
  // through an in-memory FILE so both backends put the same shape of stack in an error's `cause`.
  std::string out;
  hid_t stack = H5Eget_current_stack();  // a copy; the thread's stack is cleared
  if (stack < 0) return out;
  if (H5Eget_num(stack) > 0) {
    char* buffer = nullptr;
    size_t length = 0;
    if (FILE* memory = open_memstream(&buffer, &length)) {
      H5Eprint2(stack, memory);
      fclose(memory);
      out.assign(buffer, length);
    }
    free(buffer);
  }
  H5Eclose_stack(stack);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

void fail(const std::string& code, const std::string& message, const std::string& object) {
  throw H5Failure(code, message, takeErrorStack(), object);
}

void Hid::reset(hid_t next) {
  if (id_ >= 0) {
    switch (H5Iget_type(id_)) {
      case H5I_FILE: H5Fclose(id_); break;
      case H5I_GROUP: H5Gclose(id_); break;
      case H5I_DATASET: H5Dclose(id_); break;
      case H5I_DATASPACE: H5Sclose(id_); break;
      case H5I_DATATYPE: H5Tclose(id_); break;
      case H5I_ATTR: H5Aclose(id_); break;
      case H5I_GENPROP_LST: H5Pclose(id_); break;
      default: H5Idec_ref(id_); break;
    }
    H5Eclear2(H5E_DEFAULT);
  }
  id_ = next;
}

const char* dtypeName(DType d) {
  switch (d) {
    case DType::Float64: return "float64";
    case DType::Float32: return "float32";
    case DType::Int64: return "int64";
    case DType::Int32: return "int32";
    case DType::Int16: return "int16";
    case DType::Int8: return "int8";
    case DType::Uint64: return "uint64";
    case DType::Uint32: return "uint32";
    case DType::Uint16: return "uint16";
    case DType::Uint8: return "uint8";
    case DType::Bool: return "bool";
    case DType::Utf8: return "utf8";
    default: return "other";
  }
}

DType dtypeFromName(const std::string& name) {
  static const DType all[] = {DType::Float64, DType::Float32, DType::Int64,  DType::Int32,  DType::Int16, DType::Int8,
                              DType::Uint64,  DType::Uint32,  DType::Uint16, DType::Uint8,  DType::Bool,  DType::Utf8};
  for (DType d : all) if (name == dtypeName(d)) return d;
  return DType::Other;
}

size_t dtypeSize(DType d) {
  switch (d) {
    case DType::Float64: case DType::Int64: case DType::Uint64: return 8;
    case DType::Float32: case DType::Int32: case DType::Uint32: return 4;
    case DType::Int16: case DType::Uint16: return 2;
    case DType::Int8: case DType::Uint8: case DType::Bool: return 1;
    default: return 0;
  }
}

namespace {

const char* className(H5T_class_t c) {
  switch (c) {
    case H5T_INTEGER: return "integer";
    case H5T_FLOAT: return "float";
    case H5T_TIME: return "time";
    case H5T_STRING: return "string";
    case H5T_BITFIELD: return "bitfield";
    case H5T_OPAQUE: return "opaque";
    case H5T_COMPOUND: return "compound";
    case H5T_REFERENCE: return "reference";
    case H5T_ENUM: return "enum";
    case H5T_VLEN: return "variable-length sequence";
    case H5T_ARRAY: return "array";
    default: return "unknown";
  }
}

bool isH5pyBool(hid_t type) {
  if (H5Tget_nmembers(type) != 2) return false;
  Hid base(H5Tget_super(type));
  if (!base.valid() || H5Tget_size(base.get()) != 1 || H5Tget_class(base.get()) != H5T_INTEGER) return false;
  bool seenFalse = false, seenTrue = false;
  for (unsigned i = 0; i < 2; i++) {
    char* name = H5Tget_member_name(type, i);
    if (!name) return false;
    std::string member(name);
    H5free_memory(name);
    signed char value = 0;
    if (H5Tget_member_value(type, i, &value) < 0) return false;
    if (member == "FALSE" && value == 0) seenFalse = true;
    if (member == "TRUE" && value == 1) seenTrue = true;
  }
  return seenFalse && seenTrue;
}

}  // namespace

TypeInfo classifyType(hid_t type) {
  TypeInfo info;
  H5T_class_t cls = H5Tget_class(type);
  size_t size = H5Tget_size(type);
  info.itemSize = size;
  switch (cls) {
    case H5T_FLOAT:
      if (size == 8) info.dtype = DType::Float64;
      else if (size == 4) info.dtype = DType::Float32;
      break;
    case H5T_INTEGER: {
      bool isSigned = H5Tget_sign(type) == H5T_SGN_2;
      switch (size) {
        case 8: info.dtype = isSigned ? DType::Int64 : DType::Uint64; break;
        case 4: info.dtype = isSigned ? DType::Int32 : DType::Uint32; break;
        case 2: info.dtype = isSigned ? DType::Int16 : DType::Uint16; break;
        case 1: info.dtype = isSigned ? DType::Int8 : DType::Uint8; break;
        default: break;
      }
      break;
    }
    case H5T_ENUM:
      if (isH5pyBool(type)) info.dtype = DType::Bool;
      break;
    case H5T_STRING: {
      info.dtype = DType::Utf8;
      htri_t vlen = H5Tis_variable_str(type);
      if (vlen > 0) {
        info.vlenString = true;
        info.itemSize = 16;
      }
      if (H5Tget_cset(type) == H5T_CSET_ASCII) info.description = vlen > 0 ? "variable-length ASCII string" : "fixed-length ASCII string";
      break;
    }
    default:
      break;
  }
  if (info.dtype == DType::Other) {
    info.description = std::string(className(cls)) + " (" + std::to_string(size) + " bytes)";
  }
  return info;
}

hid_t memTypeFor(DType d) {
  switch (d) {
    case DType::Float64: return H5Tcopy(H5T_NATIVE_DOUBLE);
    case DType::Float32: return H5Tcopy(H5T_NATIVE_FLOAT);
    case DType::Int64: return H5Tcopy(H5T_NATIVE_INT64);
    case DType::Int32: return H5Tcopy(H5T_NATIVE_INT32);
    case DType::Int16: return H5Tcopy(H5T_NATIVE_INT16);
    case DType::Int8: return H5Tcopy(H5T_NATIVE_INT8);
    case DType::Uint64: return H5Tcopy(H5T_NATIVE_UINT64);
    case DType::Uint32: return H5Tcopy(H5T_NATIVE_UINT32);
    case DType::Uint16: return H5Tcopy(H5T_NATIVE_UINT16);
    case DType::Uint8: return H5Tcopy(H5T_NATIVE_UINT8);
    case DType::Bool: return makeBoolType();
    case DType::Utf8: return makeVlenUtf8();
    default: return H5I_INVALID_HID;
  }
}

hid_t makeBoolType() {
  hid_t type = H5Tenum_create(H5T_NATIVE_INT8);
  signed char f = 0, t = 1;
  H5Tenum_insert(type, "FALSE", &f);
  H5Tenum_insert(type, "TRUE", &t);
  return type;
}

hid_t makeVlenUtf8() {
  hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  return type;
}

void readStrings(hid_t obj, bool isAttr, hid_t fileType, hid_t memSpace, hid_t fileSpace, size_t count,
                 std::vector<std::string>& out, const RawFile* raw, const std::string& what) {
  out.clear();
  out.reserve(count);
  if (count == 0) return;
  if (H5Tis_variable_str(fileType) > 0) {
    if (raw) {
      readVlenStrings(*raw, obj, isAttr, memSpace, fileSpace, count, what, out);
      return;
    }
    Hid mem(H5Tcopy(H5T_C_S1));
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(fileType));
    std::vector<char*> ptrs(count, nullptr);
    herr_t status = isAttr ? H5Aread(obj, mem.get(), ptrs.data())
                           : H5Dread(obj, mem.get(), memSpace, fileSpace, H5P_DEFAULT, ptrs.data());
    if (status < 0) fail("READ_FAILED", "could not read variable-length strings");
    for (char* p : ptrs) out.emplace_back(p ? p : "");
    // The reclaim needs a dataspace with `count` elements selected.
    Hid space(H5Screate_simple(1, std::vector<hsize_t>{count}.data(), nullptr));
    H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, ptrs.data());
    return;
  }
  size_t size = H5Tget_size(fileType);
  if (size == 0) fail("READ_FAILED", "fixed-length string type of size 0");
  Hid mem(H5Tcopy(fileType));
  std::vector<char> buffer(size * count);
  herr_t status = isAttr ? H5Aread(obj, mem.get(), buffer.data())
                         : H5Dread(obj, mem.get(), memSpace, fileSpace, H5P_DEFAULT, buffer.data());
  if (status < 0) fail("READ_FAILED", "could not read fixed-length strings");
  bool spacePad = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD;
  for (size_t i = 0; i < count; i++) {
    const char* begin = buffer.data() + i * size;
    size_t len = strnlen(begin, size);
    if (spacePad) while (len > 0 && begin[len - 1] == ' ') len--;
    out.emplace_back(begin, len);
  }
}

}  // namespace icepickle
