// Entry point of icepickle_hdf5.node: open (a descriptor or bytes), read, write, and a file handle class.

#include <atomic>

#include <sys/stat.h>
#include <unistd.h>

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

// The path under which libhdf5 opens the very file behind descriptor `fd`: the kernel resolves it to
// the open file itself, not to whatever a directory entry names now (Linux /proc, /dev/fd elsewhere).
std::string descriptorPath(int fd) {
#ifdef __linux__
  return "/proc/self/fd/" + std::to_string(fd);
#else
  return "/dev/fd/" + std::to_string(fd);
#endif
}

// Opens a file hdf5-js (@icepickle/hdf5-js) has already described and accepted: through the
// descriptor hdf5-js read it from (`fd`, owned by JavaScript), or from the bytes it read. libhdf5's
// structure checks are hdf5-js's; this only opens and keeps the handle for numeric reads.
class OpenWorker : public PromiseWorker {
 public:
  OpenWorker(Napi::Env env, int fd, size_t sieveBytes) : PromiseWorker(env), fd_(fd), sieveBytes_(sieveBytes) {
    path_ = descriptorPath(fd);
  }

  OpenWorker(Napi::Env env, Napi::Uint8Array bytes) : PromiseWorker(env), sieveBytes_(64 * 1024), fromBytes_(true) {
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
    if (fromBytes_ && (H5Pset_fapl_core(fapl.get(), 64 * 1024, 0) < 0 ||
                       H5Pset_file_image(fapl.get(), const_cast<uint8_t*>(bytes_), length_) < 0)) {
      fail("READ_FAILED", "could not load the bytes into HDF5's in-memory driver");
    }
    Hid file(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, fapl.get()));
    if (!file.valid()) fail("READ_FAILED", "libhdf5 could not open a file hdf5-js accepted");
    void* handle = nullptr;
    if (H5Fget_vfd_handle(file.get(), fapl.get(), &handle) < 0 || !handle) fail("READ_FAILED", "could not reach the file libhdf5 opened");
    if (fromBytes_) {
      raw_ = RawFile::fromMemory(*static_cast<uint8_t**>(handle), length_);  // libhdf5's copy of the bytes
    } else {
      const int opened = *static_cast<int*>(handle);  // sec2: libhdf5's own descriptor
      if (!sameFile(opened, fd_)) fail("READ_FAILED", "the file libhdf5 opened is not the one hdf5-js checked");
      raw_ = RawFile::fromDescriptor(opened);
    }
    raw_->learnLayout(file.get());
    fileId_ = file.release();
  }

  Napi::Value Result() override {
    Napi::Object handle = FileHandle::constructor->New({});
    FileHandle::Unwrap(handle)->adopt(fileId_, raw_);
    return handle;
  }

 private:
  static bool sameFile(int a, int b) {
    struct stat x, y;
    return fstat(a, &x) == 0 && fstat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
  }

  int fd_ = -1;
  std::string path_;
  size_t sieveBytes_;
  bool fromBytes_ = false;
  const uint8_t* bytes_ = nullptr;
  size_t length_ = 0;
  Napi::ObjectReference keepAlive_;
  std::shared_ptr<RawFile> raw_;
  hid_t fileId_ = H5I_INVALID_HID;
};

}  // namespace

// open(source: number (a file descriptor) | Uint8Array, sieveBytes: number): Promise<FileHandle>
Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  size_t sieveBytes = static_cast<size_t>(info[1].As<Napi::Number>().Int64Value());
  OpenWorker* worker = info[0].IsNumber() ? new OpenWorker(env, info[0].As<Napi::Number>().Int32Value(), sieveBytes)
                                          : new OpenWorker(env, info[0].As<Napi::Uint8Array>());
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
