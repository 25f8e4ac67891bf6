//===- WeightsObject.cpp - weights as an object file in the library -------===//
//
// The object's layout: the ELF header, the image (at a 64-byte aligned
// offset), then the symbol table, its strings, the section names and the
// section headers. Sections: null, .rodata.<symbol> (the image),
// .note.GNU-stack (empty: the object needs no executable stack), .symtab,
// .strtab, .shstrtab.
//
//===----------------------------------------------------------------------===//

#include "compiler/codegen/WeightsObject.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace kiln::codegen {
namespace {

// ELF constants (the System V ABI and its processor supplements).
enum : uint32_t {
  kRelocatable = 1,
  kMachine386 = 3,
  kMachineArm = 40,
  kMachineX86_64 = 62,
  kMachineAarch64 = 183,
  kArmEabi5HardFloat = 0x05000400, // EF_ARM_EABI_VER5 | EF_ARM_ABI_FLOAT_HARD
  kProgBits = 1,
  kSymTab = 2,
  kStrTab = 3,
  kAlloc = 2,
  kGlobalObject = 0x11, // STB_GLOBAL << 4 | STT_OBJECT
};

struct ElfTarget {
  bool wide; // ELF64
  uint32_t machine;
  uint32_t flags;
};

std::optional<ElfTarget> elfTarget(const Halide::Target &target) {
  using T = Halide::Target;
  if (target.os != T::Linux && target.os != T::Android && target.os != T::NoOS)
    return std::nullopt;
  if (target.arch == T::X86)
    return target.bits == 64 ? ElfTarget{true, kMachineX86_64, 0}
                             : ElfTarget{false, kMachine386, 0};
  if (target.arch == T::ARM)
    return target.bits == 64
               ? ElfTarget{true, kMachineAarch64, 0}
               : ElfTarget{false, kMachineArm, kArmEabi5HardFloat};
  return std::nullopt;
}

// Little-endian fields of 32-bit or 64-bit ELF.
class ElfWriter {
public:
  explicit ElfWriter(bool wide) : wide(wide) {}
  std::string bytes;
  void u8(uint8_t v) { bytes.push_back(char(v)); }
  void u16(uint16_t v) { put(v, 2); }
  void u32(uint32_t v) { put(v, 4); }
  void word(uint64_t v) { put(v, wide ? 8 : 4); } // address, offset, size
  void put(uint64_t v, int n) {
    for (int i = 0; i < n; ++i)
      bytes.push_back(char((v >> (8 * i)) & 0xff));
  }
  void section(uint32_t name, uint32_t type, uint64_t flags, uint64_t offset,
               uint64_t size, uint32_t link, uint32_t info, uint64_t align,
               uint64_t entrySize) {
    u32(name);
    u32(type);
    word(flags);
    word(0); // address
    word(offset);
    word(size);
    u32(link);
    u32(info);
    word(align);
    word(entrySize);
  }
  bool wide;
};

// Appends `name` and its NUL to a string table; its offset there.
uint32_t addString(std::string &table, llvm::StringRef name) {
  uint32_t offset = table.size();
  table += name.str();
  table.push_back('\0');
  return offset;
}

} // namespace

std::string embeddedWeightsProblem(const Halide::Target &target) {
  if (elfTarget(target))
    return "";
  return "--embed-weights: the target '" + target.to_string() +
         "' does not take ELF objects (Linux or bare-metal x86 and ARM "
         "only); ship the .weights file, or load it from memory with "
         "kiln_model_load_from_memory";
}

llvm::Error writeWeightsObject(const Halide::Target &target,
                               llvm::StringRef symbol,
                               llvm::StringRef weightsPath,
                               llvm::StringRef objectPath) {
  std::optional<ElfTarget> elf = elfTarget(target);
  if (!elf)
    return llvm::createStringError(std::errc::invalid_argument, "%s",
                                   embeddedWeightsProblem(target).c_str());
  auto image = llvm::MemoryBuffer::getFile(weightsPath, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
  if (!image)
    return llvm::createStringError(image.getError(), "cannot read '%s': %s",
                                   weightsPath.str().c_str(),
                                   image.getError().message().c_str());
  uint64_t size = (*image)->getBufferSize();
  if (size > kMaxEmbeddedWeightsBytes)
    return llvm::createStringError(
        std::errc::file_too_large,
        "--embed-weights: the weights take %llu bytes, more than the 1 GiB "
        "a library can hold; ship the .weights file instead",
        static_cast<unsigned long long>(size));

  bool wide = elf->wide;
  uint64_t headerSize = wide ? 64 : 52;
  uint64_t imageOffset = 64; // the section's alignment
  std::string names(1, '\0'), strings(1, '\0');
  std::string sectionName = (".rodata." + symbol).str();
  uint32_t rodataName = addString(names, sectionName);
  uint32_t stackName = addString(names, ".note.GNU-stack");
  uint32_t symtabName = addString(names, ".symtab");
  uint32_t strtabName = addString(names, ".strtab");
  uint32_t shstrtabName = addString(names, ".shstrtab");
  uint32_t symbolName = addString(strings, symbol);

  // After the image: the symbol table (8-byte aligned), the two string
  // tables, then the section headers (8-byte aligned).
  auto align8 = [](uint64_t v) { return (v + 7) / 8 * 8; };
  ElfWriter symbols(wide);
  uint64_t symbolSize = wide ? 24 : 16;
  for (int i = 0; i < 2; ++i) { // the null symbol, then the image's
    bool null = i == 0;
    symbols.u32(null ? 0 : symbolName);
    if (!wide) {
      symbols.word(0);               // value
      symbols.word(null ? 0 : size); // size
    }
    symbols.u8(null ? 0 : uint8_t(kGlobalObject));
    symbols.u8(0);             // default visibility
    symbols.u16(null ? 0 : 1); // section .rodata.<symbol>
    if (wide) {
      symbols.word(0);
      symbols.word(null ? 0 : size);
    }
  }
  uint64_t symtabOffset = align8(imageOffset + size);
  uint64_t strtabOffset = symtabOffset + symbols.bytes.size();
  uint64_t shstrtabOffset = strtabOffset + strings.size();
  uint64_t sectionsOffset = align8(shstrtabOffset + names.size());

  ElfWriter header(wide);
  header.bytes = std::string("\x7f"
                             "ELF",
                             4);
  header.u8(wide ? 2 : 1); // class
  header.u8(1);            // little-endian
  header.u8(1);            // version
  header.bytes.resize(16, '\0');
  header.u16(kRelocatable);
  header.u16(elf->machine);
  header.u32(1);  // version
  header.word(0); // entry
  header.word(0); // program headers
  header.word(sectionsOffset);
  header.u32(elf->flags);
  header.u16(headerSize);
  header.u16(0); // program header size
  header.u16(0); // program headers
  header.u16(wide ? 64 : 40);
  header.u16(6); // sections
  header.u16(5); // .shstrtab

  ElfWriter sections(wide);
  sections.section(0, 0, 0, 0, 0, 0, 0, 0, 0);
  sections.section(rodataName, kProgBits, kAlloc, imageOffset, size, 0, 0, 64,
                   0);
  sections.section(stackName, kProgBits, 0, imageOffset, 0, 0, 0, 1, 0);
  // .symtab: strings in section 4; one local symbol (the null one).
  sections.section(symtabName, kSymTab, 0, symtabOffset, symbols.bytes.size(),
                   4, 1, wide ? 8 : 4, symbolSize);
  sections.section(strtabName, kStrTab, 0, strtabOffset, strings.size(), 0, 0,
                   1, 0);
  sections.section(shstrtabName, kStrTab, 0, shstrtabOffset, names.size(), 0, 0,
                   1, 0);

  std::error_code ec;
  llvm::raw_fd_ostream out(objectPath, ec);
  if (ec)
    return llvm::createStringError(ec, "cannot write '%s': %s",
                                   objectPath.str().c_str(),
                                   ec.message().c_str());
  out << header.bytes;
  out.write_zeros(imageOffset - headerSize);
  out << (*image)->getBuffer();
  out.write_zeros(symtabOffset - (imageOffset + size));
  out << symbols.bytes << strings << names;
  out.write_zeros(sectionsOffset - (shstrtabOffset + names.size()));
  out << sections.bytes;
  out.close();
  if (out.has_error()) {
    ec = out.error();
    out.clear_error();
    return llvm::createStringError(ec, "cannot write '%s': %s",
                                   objectPath.str().c_str(),
                                   ec.message().c_str());
  }
  return llvm::Error::success();
}

} // namespace kiln::codegen
