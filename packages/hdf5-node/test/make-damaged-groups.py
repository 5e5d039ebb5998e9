#!/usr/bin/python3
"""Writes an h5py file with old-style (symbol table) groups, then copies of it each breaking one
invariant libhdf5 1.10.8 trusts (group-storage.cc checks them). Prints a JSON list of
{"file", "breaks", "code"}. Usage: make-damaged-groups.py <folder>

The root group holds 300 hard links, so its B-tree has two levels (an internal node over many
symbol nodes): every structure group-storage.cc walks is present.
"""
import json
import os
import struct
import sys

import h5py
import numpy as np

out = sys.argv[1]
base = os.path.join(out, "groups.h5")
with h5py.File(base, "w") as f:  # libver "earliest": symbol tables, version 1 object headers
    f.create_dataset("data", data=np.arange(3.0))
    for i in range(300):
        f[f"link{i:03d}"] = f["data"]
    f.attrs["note"] = "x" * 600  # a big attribute pushes the root's stab message past chunk 0
    g = f.create_group("sub")
    g["inner"] = f["data"]

data = open(base, "rb").read()
u = lambda at, n=8: int.from_bytes(data[at:at + n], "little")
UNDEF = b"\xff" * 8


def messages(header):
    """(type, data offset, size) of every message of a version 1 object header, continuations too."""
    chunks, found = [(header + 16, u(header + 8, 4))], []
    while chunks:
        at, size = chunks.pop(0)
        end = at + size
        while at + 8 <= end:
            kind, length = u(at, 2), u(at + 2, 2)
            found.append((kind, at + 8, length))
            if kind == 0x10:
                chunks.append((u(at + 8), u(at + 16)))
            at += 8 + length
    return found


root = u(56 + 8)  # the superblock's root symbol table entry: its object header address
stab = next(m for m in messages(root) if m[0] == 0x11)
btree, heap = u(stab[1]), u(stab[1] + 8)
heap_size, heap_data = u(heap + 8), u(heap + 24)
assert data[btree:btree + 4] == b"TREE" and data[btree + 5] == 1, "expected a two-level B-tree"
first_child = u(btree + 24 + 8)  # key 0, then child 0
first_snod = u(first_child + 24 + 8)
assert data[first_snod:first_snod + 4] == b"SNOD"
conts = [m for m in messages(root) if m[0] == 0x10]
assert conts, "expected a continuation chunk in the root's object header"

cases = []


def case(name, breaks, edits, code="READ_FAILED"):
    damaged = bytearray(data)
    for at, value in edits:
        damaged[at:at + len(value)] = value
    with open(os.path.join(out, name), "wb") as fh:
        fh.write(damaged)
    cases.append({"file": name, "breaks": breaks, "code": code})


case("child-undefined.h5", "has a child with an undefined address", [(btree + 24 + 8, UNDEF)])
case("snod-undefined.h5", "has a child with an undefined address", [(first_child + 24 + 8, UNDEF)])
case("heap-undefined.h5", "the local heap lies outside the file", [(stab[1] + 8, UNDEF)])
case("heap-data-past-eof.h5", "more than the file", [(heap + 8, struct.pack("<Q", len(data) * 4))])
case("heap-data-undefined.h5", "the local heap's data lies outside the file", [(heap + 24, UNDEF)])
case("snod-overfull.h5", "room for 8", [(first_snod + 6, struct.pack("<H", 9))])
case("btree-overfull.h5", "more than its 32", [(btree + 6, struct.pack("<H", 33))])
case("name-outside-heap.h5", "a link name at heap offset", [(first_snod + 8, struct.pack("<Q", heap_size))])
case("key-outside-heap.h5", "a B-tree key at heap offset", [(first_child + 24, struct.pack("<Q", 1 << 40))])
case("btree-cycle.h5", "reaches node", [(btree + 24 + 8, struct.pack("<Q", btree))])
case("btree-level-skips.h5", "has level 0, expected 2", [(btree + 5, b"\x03")])
case("not-a-group-btree.h5", "not a group B-tree", [(btree + 4, b"\x01")])
case("snod-signature.h5", "no symbol node", [(first_snod, b"SNOX")])
case("heap-signature.h5", "no local heap", [(heap, b"HEAX")])
# the free list: a block pointing at itself
case("heap-free-list-cycle.h5", "free list is corrupt",
     [(heap + 16, struct.pack("<Q", heap_size - 16)), (heap_data + heap_size - 16, struct.pack("<QQ", heap_size - 16, 16))])
# the root's header is loaded by H5Fopen itself: checked before it, refused as a damaged file (NOT_HDF5)
case("continuation-undefined.h5", "a continuation chunk lies outside the file", [(conts[0][1], UNDEF)], "NOT_HDF5")
case("continuation-cycle.h5", "continuation chunks form a cycle", [(conts[0][1], struct.pack("<QQ", root + 16, u(root + 8, 4)))], "NOT_HDF5")
print(json.dumps(cases))
