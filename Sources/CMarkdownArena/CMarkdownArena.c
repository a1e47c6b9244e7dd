#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "CMarkdownArena.h"

// Every allocation is preceded by its size (16 bytes, so that what follows stays aligned for
// any type), which `reallocate` needs to copy it.
#define ALIGNMENT 16
#define HEADER 16
#define BLOCK_SIZE (1 << 20)

typedef struct block {
    struct block *previous;
    size_t size;   // bytes after the header
    size_t used;
} block;

#define BLOCK_HEADER ((sizeof(block) + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1))

static _Thread_local block *current;
static _Thread_local int documents;

static size_t rounded(size_t bytes) {
    return (bytes + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
}

static char *start_of(block *b) { return (char *)b + BLOCK_HEADER; }

static void *allocate(size_t bytes) {
    if (bytes > SIZE_MAX - HEADER - ALIGNMENT) abort();   // as cmark does when memory runs out
    size_t needed = HEADER + rounded(bytes);
    if (!current || current->used + needed > current->size) {
        size_t size = needed > BLOCK_SIZE ? needed : BLOCK_SIZE;
        block *fresh = malloc(BLOCK_HEADER + size);
        if (!fresh) abort();
        fresh->previous = current;
        fresh->size = size;
        fresh->used = 0;
        current = fresh;
    }
    char *at = start_of(current) + current->used;
    *(size_t *)at = bytes;
    current->used += needed;
    return at + HEADER;
}

static void *allocate_zeroed(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) abort();
    void *memory = allocate(count * size);
    memset(memory, 0, count * size);
    return memory;
}

static void *reallocate(void *memory, size_t bytes) {
    if (!memory) return allocate(bytes);
    char *header = (char *)memory - HEADER;
    size_t old = *(size_t *)header;
    // The last allocation of the current block (a growing buffer, most often) grows in place.
    if (header + HEADER + rounded(old) == start_of(current) + current->used
        && bytes <= SIZE_MAX - HEADER - ALIGNMENT
        && current->used - rounded(old) + rounded(bytes) <= current->size) {
        current->used = current->used - rounded(old) + rounded(bytes);
        *(size_t *)header = bytes;
        return memory;
    }
    if (bytes <= old) return memory;
    void *moved = allocate(bytes);
    memcpy(moved, memory, old);
    return moved;
}

static void release(void *memory) {
    (void)memory;   // freed with the thread's blocks, once no document is alive
}

static cmark_mem arena = {allocate_zeroed, reallocate, release};

cmark_mem *coursekit_markdown_arena(void) { return &arena; }

void coursekit_markdown_arena_enter(void) { documents += 1; }

void coursekit_markdown_arena_leave(void) {
    documents -= 1;
    if (documents > 0 || !current) return;
    // Keep one ordinary block for the next document; give back the rest.
    block *kept = NULL;
    while (current) {
        block *previous = current->previous;
        if (!kept && current->size == BLOCK_SIZE) {
            kept = current;
        } else {
            free(current);
        }
        current = previous;
    }
    if (kept) {
        kept->previous = NULL;
        kept->used = 0;
    }
    current = kept;
}
