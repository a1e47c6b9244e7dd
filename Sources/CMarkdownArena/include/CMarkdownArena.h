#ifndef CMARKDOWNARENA_H
#define CMARKDOWNARENA_H

#include <cmark-gfm.h>

/// An allocator for cmark-gfm that hands out memory from the calling thread's own blocks and
/// frees nothing until no document is alive on that thread; then the blocks are used again.
/// A lesson's parse makes tens of thousands of small allocations, each freed with the
/// document: with the system allocator (locked, since the build runs on several threads) that
/// was a tenth of a clean build. A document must be made, used and freed on one thread, between
/// `coursekit_markdown_arena_enter` and `coursekit_markdown_arena_leave`.
cmark_mem *coursekit_markdown_arena(void);

/// A document begins on this thread: memory handed out from now on stays valid until it ends.
void coursekit_markdown_arena_enter(void);

/// A document of this thread ended (its nodes, parser and HTML are freed and no longer read).
/// When none is alive on the thread, its blocks are used again (one is kept, the rest freed).
void coursekit_markdown_arena_leave(void);

#endif
