#include "CZim.h"

#include <cstring>
#include <exception>
#include <iostream>
#include <sstream>
#include <memory>
#include <string>

#include <zim/uuid.h>
#include <zim/writer/creator.h>
#include <zim/writer/item.h>

struct coursekit_zim {
    zim::writer::Creator creator;
};

namespace {

void copyMessage(const char *message, char *error, size_t errorSize) {
    if (error == nullptr || errorSize == 0) return;
    std::strncpy(error, message, errorSize - 1);
    error[errorSize - 1] = '\0';
}

/* Runs `body`, turning any exception into -1 and a message. */
template <typename Body>
int guarded(Body body, char *error, size_t errorSize) {
    try {
        body();
        return 0;
    } catch (const std::exception &exception) {
        copyMessage(exception.what(), error, errorSize);
    } catch (...) {
        copyMessage("unknown libzim error", error, errorSize);
    }
    return -1;
}

}  // namespace

extern "C" coursekit_zim *coursekit_zim_start(const char *path, const char *indexLanguage, const unsigned char uuid[16],
                                              char *error, size_t errorSize) {
    coursekit_zim *zim = nullptr;
    int status = guarded([&] {
        auto created = std::make_unique<coursekit_zim>();
        created->creator.configCompression(zim::Compression::Zstd);
        // One worker: clusters and index entries are then made in the order items are added,
        // so the same content gives the same bytes (mirrors re-download only changed books).
        created->creator.configNbWorkers(1);
        if (indexLanguage != nullptr) created->creator.configIndexing(true, indexLanguage);
        created->creator.setUuid(zim::Uuid(reinterpret_cast<const char *>(uuid)));
        created->creator.startZimCreation(path);
        zim = created.release();
    }, error, errorSize);
    return status == 0 ? zim : nullptr;
}

extern "C" int coursekit_zim_add_item(coursekit_zim *zim, const char *path, const char *mimetype, const char *title,
                                      const void *data, size_t size, int frontArticle, char *error, size_t errorSize) {
    return guarded([&] {
        zim::writer::Hints hints;
        hints[zim::writer::FRONT_ARTICLE] = frontArticle ? 1 : 0;
        std::string content(static_cast<const char *>(data), size);
        zim->creator.addItem(zim::writer::StringItem::create(path, mimetype, title, hints, content));
    }, error, errorSize);
}

extern "C" int coursekit_zim_add_file(coursekit_zim *zim, const char *path, const char *mimetype, const char *title,
                                      const char *filePath, char *error, size_t errorSize) {
    return guarded([&] {
        zim::writer::Hints hints;
        hints[zim::writer::FRONT_ARTICLE] = 0;
        zim->creator.addItem(std::make_shared<zim::writer::FileItem>(path, mimetype, title, hints, filePath));
    }, error, errorSize);
}

extern "C" int coursekit_zim_add_metadata(coursekit_zim *zim, const char *name, const char *value, char *error, size_t errorSize) {
    return guarded([&] { zim->creator.addMetadata(name, value); }, error, errorSize);
}

extern "C" int coursekit_zim_add_illustration(coursekit_zim *zim, unsigned int size, const void *png, size_t length,
                                              char *error, size_t errorSize) {
    return guarded([&] {
        zim->creator.addIllustration(size, std::string(static_cast<const char *>(png), length));
    }, error, errorSize);
}

extern "C" void coursekit_zim_set_main_path(coursekit_zim *zim, const char *path) {
    zim->creator.setMainPath(path);
}

extern "C" int coursekit_zim_finish(coursekit_zim *zim, char *error, size_t errorSize) {
    // libzim 8 prints its progress ("Resolve redirect", "set index") on std::cout; the library
    // must not print, so that goes nowhere.
    std::ostringstream quiet;
    std::streambuf *previous = std::cout.rdbuf(quiet.rdbuf());
    int status = guarded([&] { zim->creator.finishZimCreation(); }, error, errorSize);
    std::cout.rdbuf(previous);
    coursekit_zim_abandon(zim);
    return status;
}

extern "C" void coursekit_zim_abandon(coursekit_zim *zim) {
    try {
        delete zim;
    } catch (...) {
        /* a destructor that throws while abandoning: nothing more to do */
    }
}
