// The one ELF edit patchelf 0.14 cannot make: dropping a library's version requirements
// (.gnu.version_r entries) after `patchelf --remove-needed` dropped the library itself.
//
// Why: Debian's libhdf5 links libcurl and libcrypto for its read-only S3 driver (ROS3), which
// icepickle never selects (a file driver is chosen by the caller's file-access property list, never
// by the file). Bundling libcurl would bring ~30 libraries (TLS stacks, Kerberos, LDAP) into the
// tarball. With the DT_NEEDED entries gone, glibc's loader still walks every version requirement and
// asserts that its library is loaded ("Inconsistency detected by ld.so: dl-version.c ... needed !=
// NULL"), so those entries go too, and the symbols that named them become unversioned: prebuild.mjs
// then gives libhdf5 a small library of failing stubs under those names.
import { readFileSync, writeFileSync } from 'node:fs';

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const DT_NULL = 0n;
const DT_STRTAB = 5n;
const DT_VERSYM = 0x6ffffff0n;
const DT_VERNEED = 0x6ffffffen;
const DT_VERNEEDNUM = 0x6fffffffn;
const SHT_DYNSYM = 11;
const SHT_GNU_VERNEED = 0x6ffffffe;

/** An ELF64 little-endian file (x86-64), read whole. */
function parse(path) {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== 0x7f454c46 || bytes[4] !== 2 || bytes[5] !== 1)
    throw new Error(`${path}: not a 64-bit little-endian ELF file`);
  const phoff = Number(view.getBigUint64(0x20, true));
  const shoff = Number(view.getBigUint64(0x28, true));
  const phentsize = view.getUint16(0x36, true);
  const phnum = view.getUint16(0x38, true);
  const shentsize = view.getUint16(0x3a, true);
  const shnum = view.getUint16(0x3c, true);
  const segments = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    segments.push({
      type: view.getUint32(at, true),
      offset: Number(view.getBigUint64(at + 8, true)),
      vaddr: Number(view.getBigUint64(at + 16, true)),
      filesz: Number(view.getBigUint64(at + 32, true)),
    });
  }
  const sections = [];
  for (let i = 0; i < shnum; i++)
    sections.push({ at: shoff + i * shentsize, type: view.getUint32(shoff + i * shentsize + 4, true) });
  const fileOffset = (vaddr) => {
    const s = segments.find((g) => g.type === PT_LOAD && vaddr >= g.vaddr && vaddr < g.vaddr + g.filesz);
    if (!s) throw new Error(`${path}: address 0x${vaddr.toString(16)} is in no loaded segment`);
    return vaddr - s.vaddr + s.offset;
  };
  const dynamicSegment = segments.find((g) => g.type === PT_DYNAMIC);
  if (!dynamicSegment) throw new Error(`${path}: no dynamic section`);
  const dynamic = [];
  for (let at = dynamicSegment.offset; ; at += 16) {
    const tag = view.getBigInt64(at, true);
    if (tag === DT_NULL) break;
    dynamic.push({ at, tag, value: view.getBigUint64(at + 8, true) });
  }
  const dyn = (tag) => dynamic.find((d) => d.tag === tag);
  const strtab = fileOffset(Number(dyn(DT_STRTAB).value));
  const string = (offset) => {
    let end = strtab + offset;
    while (bytes[end] !== 0) end++;
    return bytes.toString('latin1', strtab + offset, end);
  };
  return { bytes, view, sections, dynamic, dyn, fileOffset, string };
}

/** The version requirements, in file order: library name, its entry's offset, its version indexes. */
function versionNeeds(elf) {
  const head = elf.dyn(DT_VERNEED);
  if (!head) return [];
  const out = [];
  let at = elf.fileOffset(Number(head.value));
  for (;;) {
    const count = elf.view.getUint16(at + 2, true);
    const indexes = [];
    let aux = at + elf.view.getUint32(at + 8, true);
    for (let i = 0; i < count; i++) {
      indexes.push(elf.view.getUint16(aux + 6, true) & 0x7fff);
      aux += elf.view.getUint32(aux + 12, true);
    }
    out.push({ at, file: elf.string(elf.view.getUint32(at + 4, true)), indexes });
    const next = elf.view.getUint32(at + 12, true);
    if (next === 0) return out;
    at += next;
  }
}

/** The libraries named by `path`'s version requirements (what glibc's loader checks). */
export function versionNeedFiles(path) {
  return versionNeeds(parse(path)).map((n) => n.file);
}

/** Removes the version requirements on `drop` (library file names) and unversions their symbols, in place. */
export function dropVersionNeeds(path, drop) {
  const elf = parse(path);
  const needs = versionNeeds(elf);
  const kept = needs.filter((n) => !drop.includes(n.file));
  const gone = needs.filter((n) => drop.includes(n.file));
  if (gone.length === 0) return;
  if (kept.length === 0) throw new Error(`${path}: would drop every version requirement; not supported`);
  const { view } = elf;
  // Relink the chain over the kept entries (vn_next is relative to the entry itself).
  for (let i = 0; i < kept.length; i++)
    view.setUint32(kept[i].at + 12, i + 1 < kept.length ? kept[i + 1].at - kept[i].at : 0, true);
  const headAt = elf.fileOffset(Number(elf.dyn(DT_VERNEED).value));
  const shift = kept[0].at - headAt;
  const verneed = elf.dyn(DT_VERNEED);
  view.setBigUint64(verneed.at + 8, verneed.value + BigInt(shift), true);
  view.setBigUint64(elf.dyn(DT_VERNEEDNUM).at + 8, BigInt(kept.length), true);
  // The section header too, so readelf and strip see what the loader sees.
  const section = elf.sections.find((s) => s.type === SHT_GNU_VERNEED);
  if (section) {
    view.setBigUint64(section.at + 16, view.getBigUint64(section.at + 16, true) + BigInt(shift), true);
    view.setBigUint64(section.at + 24, view.getBigUint64(section.at + 24, true) + BigInt(shift), true);
    view.setBigUint64(section.at + 32, view.getBigUint64(section.at + 32, true) - BigInt(shift), true);
    view.setUint32(section.at + 44, kept.length, true);
  }
  // Symbols versioned by a dropped requirement become global (index 1): no dangling version index.
  const dropped = new Set(gone.flatMap((n) => n.indexes));
  const versym = elf.fileOffset(Number(elf.dyn(DT_VERSYM).value));
  const dynsym = elf.sections.find((s) => s.type === SHT_DYNSYM);
  const symbols = Number(view.getBigUint64(dynsym.at + 32, true) / view.getBigUint64(dynsym.at + 56, true));
  for (let i = 0; i < symbols; i++) {
    const at = versym + 2 * i;
    if (dropped.has(view.getUint16(at, true) & 0x7fff)) view.setUint16(at, 1, true);
  }
  writeFileSync(path, elf.bytes);
}
