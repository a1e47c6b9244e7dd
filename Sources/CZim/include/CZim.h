#ifndef COURSEKIT_CZIM_H
#define COURSEKIT_CZIM_H

#include <stddef.h>

/* A C face for libzim's C++ writer, so Swift can use it without C++ interoperability.
   Every function catches every C++ exception: on failure it returns -1 (or NULL) and copies
   the exception's message into `error` (at most errorSize bytes, NUL-terminated). */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct coursekit_zim coursekit_zim;

/* Starts writing `path`; `indexLanguage` is an ISO 639-3 code for the full-text index
   (NULL: no index); `uuid` gives the archive a stable identity. */
coursekit_zim *coursekit_zim_start(const char *path, const char *indexLanguage, const unsigned char uuid[16],
                                   char *error, size_t errorSize);

int coursekit_zim_add_item(coursekit_zim *zim, const char *path, const char *mimetype, const char *title,
                           const void *data, size_t size, int frontArticle, char *error, size_t errorSize);

/* Adds the file at `filePath` as an item, read from disk when it is written (a video is never
   held in memory). */
int coursekit_zim_add_file(coursekit_zim *zim, const char *path, const char *mimetype, const char *title,
                           const char *filePath, char *error, size_t errorSize);

int coursekit_zim_add_metadata(coursekit_zim *zim, const char *name, const char *value, char *error, size_t errorSize);

int coursekit_zim_add_illustration(coursekit_zim *zim, unsigned int size, const void *png, size_t length,
                                   char *error, size_t errorSize);

void coursekit_zim_set_main_path(coursekit_zim *zim, const char *path);

/* Writes the archive out and frees `zim`, whatever the outcome. */
int coursekit_zim_finish(coursekit_zim *zim, char *error, size_t errorSize);

/* Frees `zim` without finishing (the caller removes the partial file). */
void coursekit_zim_abandon(coursekit_zim *zim);

#ifdef __cplusplus
}
#endif

#endif
