{
  # Built by scripts/install.mjs (node-gyp, --nodedir pointing at the running Node: no downloads).
  # libhdf5 comes from pkg-config: Debian's `hdf5-serial` first, then a plain `hdf5`.
  "targets": [
    {
      "target_name": "icepickle_hdf5",
      "sources": [
        "native/addon.cc",
        "native/h5-common.cc",
        "native/read.cc",
        "native/write.cc",
        "native/raw-file.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(pkg-config --cflags-only-I hdf5-serial 2>/dev/null | sed 's/-I//g' || pkg-config --cflags-only-I hdf5 | sed 's/-I//g')"
      ],
      "libraries": [
        "<!@(pkg-config --libs hdf5-serial 2>/dev/null || pkg-config --libs hdf5)",
        "-lz"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O2"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17"
      }
    }
  ]
}
