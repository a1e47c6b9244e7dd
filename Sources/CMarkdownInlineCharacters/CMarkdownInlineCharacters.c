#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmark-gfm.h>
#include "CMarkdownInlineCharacters.h"

typedef void (*manage_characters)(cmark_parser *parser, int add);

static atomic_bool called;
static atomic_bool added;
static pthread_mutex_t adding = PTHREAD_MUTEX_INITIALIZER;

// Takes the place of libcmark-gfm's function of the same name (see the header).
void cmark_manage_extensions_special_characters(cmark_parser *parser, int add) {
    atomic_store_explicit(&called, true, memory_order_relaxed);
    if (!add || atomic_load_explicit(&added, memory_order_acquire)) return;
    pthread_mutex_lock(&adding);
    if (!atomic_load_explicit(&added, memory_order_relaxed)) {
        // The library's own definition: the next one after this executable's.
        manage_characters library = (manage_characters)dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
        if (!library) {
            // Only a library that exports the function can call it here; without it, inline
            // parsing would silently lose strikethrough and autolinks.
            fprintf(stderr, "coursekit: libcmark-gfm calls cmark_manage_extensions_special_characters but does not export it\n");
            abort();
        }
        library(parser, 1);
        atomic_store_explicit(&added, true, memory_order_release);
    }
    pthread_mutex_unlock(&adding);
}

bool coursekit_markdown_inline_characters_kept(void) {
    return atomic_load_explicit(&called, memory_order_relaxed);
}
