//===- ArchiveMembers.cpp - the objects of a static library ---------------===//
//
// "!<arch>\n", then members: a 60-byte header (name[16], date[12], uid[6],
// gid[6], mode[8], size[10], "`\n") and the data, padded to an even size.
// Names end in '/'; "/" is the symbol index ("/SYM64/" when wide), "//"
// the table of long names, and "/<offset>" a long name in that table.
//
//===----------------------------------------------------------------------===//

#include "compiler/codegen/ArchiveMembers.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace kiln::codegen {

llvm::Expected<std::vector<std::string>>
extractArchiveMembers(llvm::StringRef archivePath, llvm::StringRef pathPrefix) {
  auto fail = [&](const llvm::Twine &why) {
    return llvm::createStringError(
        std::errc::invalid_argument, "cannot read the library '%s': %s",
        archivePath.str().c_str(), why.str().c_str());
  };
  auto file = llvm::MemoryBuffer::getFile(archivePath, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return fail(file.getError().message());
  llvm::StringRef data = (*file)->getBuffer();
  if (!data.consume_front("!<arch>\n"))
    return fail("not an archive");

  std::vector<std::string> paths;
  llvm::StringRef longNames;
  while (!data.empty()) {
    if (data.size() < 60 || data.substr(58, 2) != "`\n")
      return fail("a member header is damaged");
    llvm::StringRef name = data.substr(0, 16).rtrim(' ');
    uint64_t size = 0;
    if (data.substr(48, 10).trim().getAsInteger(10, size) ||
        data.size() - 60 < size)
      return fail("a member's size is damaged");
    llvm::StringRef contents = data.substr(60, size);
    data = data.drop_front(60 + size + (size % 2));

    if (name == "/" || name == "/SYM64/")
      continue;
    if (name == "//") {
      longNames = contents;
      continue;
    }
    uint64_t offset = 0;
    if (name.starts_with("/") && !name.drop_front().getAsInteger(10, offset)) {
      if (offset >= longNames.size())
        return fail("a long member name is missing");
      name = longNames.drop_front(offset);
      name = name.take_until([](char c) { return c == '\n'; });
    }
    name.consume_back("/");
    std::string path = (pathPrefix + std::to_string(paths.size()) + "_" +
                        llvm::sys::path::filename(name))
                           .str();
    std::error_code ec;
    llvm::raw_fd_ostream out(path, ec);
    if (!ec) {
      out << contents;
      out.close();
      ec = out.has_error() ? out.error() : ec;
      out.clear_error();
    }
    if (ec)
      return llvm::createStringError(ec, "cannot write '%s': %s", path.c_str(),
                                     ec.message().c_str());
    paths.push_back(std::move(path));
  }
  return paths;
}

} // namespace kiln::codegen
