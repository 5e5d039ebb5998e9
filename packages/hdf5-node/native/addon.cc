// Entry point of icepickle_hdf5.node: open (path or bytes), read, write, and a file handle class.

#include <atomic>

#include <fcntl.h>
#include <unistd.h>

#include "describe.h"
#include "superblock.h"
#include "worker.h"

namespace icepickle {

Napi::FunctionReference* FileHandle::constructor = nullptr;

// write.cc: createWriter / streamWrite / streamClose (streaming writes).
void RegisterStreamingWrite(Napi::Env env, Napi::Object exports);

Napi::Function FileHandle::Init(Napi::Env env) {
  Napi::Function fn = DefineClass(env, "FileHandle", {InstanceMethod("close", &FileHandle::Close)});
  constructor = new Napi::FunctionReference(Napi::Persistent(fn));
  return fn;
}

FileHandle::FileHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<FileHandle>(info) {}

FileHandle::~FileHandle() { closeNow(); }

void FileHandle::closeNow() {
  if (id_ < 0) return;
  H5Lock lock;
  H5Fclose(id_);
  H5Eclear2(H5E_DEFAULT);
  id_ = H5I_INVALID_HID;
  raw_.reset();  // closes our duplicate of the file descriptor now, not at garbage collection
}

Napi::Value FileHandle::Close(const Napi::CallbackInfo& info) {
  closeNow();
  return info.Env().Undefined();
}

namespace {

std::atomic<unsigned long> memoryFileCounter{0};

class OpenWorker : public PromiseWorker {
 public:
  OpenWorker(Napi::Env env, std::string path, size_t maxObjects, size_t sieveBytes, uint64_t maxAttributeBytes)
      : PromiseWorker(env), path_(std::move(path)), maxObjects_(maxObjects), sieveBytes_(sieveBytes), maxAttributeBytes_(maxAttributeBytes) {}

  OpenWorker(Napi::Env env, Napi::Uint8Array bytes, size_t maxObjects, uint64_t maxAttributeBytes)
      : PromiseWorker(env), maxObjects_(maxObjects), sieveBytes_(64 * 1024), maxAttributeBytes_(maxAttributeBytes), fromBytes_(true) {
    bytes_ = bytes.Data();
    length_ = bytes.ByteLength();
    keepAlive_ = Napi::Persistent(bytes.As<Napi::Object>());
    // The core driver compares open files by name: each image gets its own. libhdf5 1.10's core
    // driver also open()s that name and refuses the image ("file already exists") when a file of
    // that name is there, so a relative name made loading bytes depend on the working directory.
    // Under /dev/null/ no file can ever exist (ENOTDIR), and nothing on disk is ever reached.
    path_ = "/dev/null/icepickle-image-" + std::to_string(++memoryFileCounter) + ".h5";
  }

 protected:
  void Run() override {
    H5Lock lock;
    Hid fapl(H5Pcreate(H5P_FILE_ACCESS));
    H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG);
    H5Pset_sieve_buf_size(fapl.get(), sieveBytes_);
    Hid file;
    checkHeadersBeforeOpen();
    if (fromBytes_) {
      // libhdf5 copies the bytes into its in-memory (core) driver; the raw checks read that copy.
      if (H5Pset_fapl_core(fapl.get(), 64 * 1024, 0) < 0 || H5Pset_file_image(fapl.get(), const_cast<uint8_t*>(bytes_), length_) < 0) {
        fail("READ_FAILED", "could not load the bytes into HDF5's in-memory driver");
      }
      file.reset(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, fapl.get()));
      void* handle = nullptr;
      if (file.valid() && H5Fget_vfd_handle(file.get(), fapl.get(), &handle) >= 0 && handle) {
        raw_ = RawFile::fromMemory(*static_cast<uint8_t**>(handle), length_);
      } else if (file.valid()) {
        fail("READ_FAILED", "could not reach the in-memory image");
      }
    } else {
      file.reset(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, fapl.get()));
      void* handle = nullptr;
      if (file.valid() && H5Fget_vfd_handle(file.get(), fapl.get(), &handle) >= 0 && handle) {
        raw_ = RawFile::fromDescriptor(*static_cast<int*>(handle));  // sec2: the file descriptor
      } else if (file.valid()) {
        fail("READ_FAILED", "could not reach the file's descriptor");
      }
    }
    if (!file.valid()) fail("NOT_HDF5", "not an HDF5 file (or a damaged or truncated one)");
    raw_->learnLayout(file.get());
    checkBaseAddress(*raw_);
    describeFile(file.get(), maxObjects_, maxAttributeBytes_, *raw_, description_);
    fileId_ = file.release();
  }

  // The headers H5Fopen loads are checked first (superblock.h), through our own descriptor of the
  // path (the checks after opening use libhdf5's) or the caller's bytes.
  void checkHeadersBeforeOpen() {
    if (fromBytes_) {
      auto raw = RawFile::fromMemory(bytes_, length_);
      checkBeforeOpen(*raw);
      return;
    }
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;  // H5Fopen reports it
    auto raw = RawFile::fromDescriptor(fd);
    ::close(fd);
    checkBeforeOpen(*raw);
  }

  Napi::Value Result() override {
    Napi::Env env = Env();
    Napi::Object handle = FileHandle::constructor->New({});
    FileHandle::Unwrap(handle)->adopt(fileId_, raw_);
    Napi::Object out = toJs(env, description_).As<Napi::Object>();
    out.Set("handle", handle);
    return out;
  }

 private:
  std::string path_;
  size_t maxObjects_;
  size_t sieveBytes_;
  uint64_t maxAttributeBytes_;
  bool fromBytes_ = false;
  const uint8_t* bytes_ = nullptr;
  size_t length_ = 0;
  Napi::ObjectReference keepAlive_;
  std::shared_ptr<RawFile> raw_;
  Description description_;
  hid_t fileId_ = H5I_INVALID_HID;
};

}  // namespace

// open(source: string | Uint8Array, maxObjects: number, sieveBytes: number, maxAttributeBytes: number)
Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  size_t maxObjects = static_cast<size_t>(info[1].As<Napi::Number>().Int64Value());
  size_t sieveBytes = static_cast<size_t>(info[2].As<Napi::Number>().Int64Value());
  double attrLimit = info[3].IsNumber() ? info[3].As<Napi::Number>().DoubleValue() : 1 << 20;
  uint64_t maxAttributeBytes = attrLimit >= 1.8e19 ? UINT64_MAX : static_cast<uint64_t>(attrLimit < 0 ? 0 : attrLimit);
  OpenWorker* worker = info[0].IsString()
                           ? new OpenWorker(env, info[0].As<Napi::String>().Utf8Value(), maxObjects, sieveBytes, maxAttributeBytes)
                           : new OpenWorker(env, info[0].As<Napi::Uint8Array>(), maxObjects, maxAttributeBytes);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

Napi::Value LibVersion(const Napi::CallbackInfo& info) {
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);
  return Napi::String::New(info.Env(), std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release));
}

Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  {
    H5Lock lock;  // also turns off HDF5's stderr printing on the main thread
    H5open();
    registerRawVlenConversion();
  }
  exports.Set("FileHandle", FileHandle::Init(env));
  exports.Set("open", Napi::Function::New(env, Open));
  exports.Set("read", Napi::Function::New(env, Read));
  exports.Set("write", Napi::Function::New(env, Write));
  exports.Set("libVersion", Napi::Function::New(env, LibVersion));
  RegisterStreamingWrite(env, exports);
  return exports;
}

}  // namespace icepickle

static Napi::Object Init(Napi::Env env, Napi::Object exports) { return icepickle::InitAddon(env, exports); }

NODE_API_MODULE(icepickle_hdf5, Init)
