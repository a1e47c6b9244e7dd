#ifndef CMARKDOWNINLINECHARACTERS_H
#define CMARKDOWNINLINECHARACTERS_H

#include <stdbool.h>

/// cmark-gfm 0.29 keeps the inline parser's special characters in process-wide arrays.
/// `cmark_parser_finish` adds the attached extensions' characters (`~`, and the autolink's) to
/// them before it parses inlines and takes them out again after, so two documents finishing at
/// once on two threads lose their strikethrough and autolinks at random.
///
/// This target defines `cmark_manage_extensions_special_characters`, the library's exported
/// function that does the adding and taking out, so that the library's own calls (made through
/// its PLT) come here: the characters are added once, by the library's function, and never
/// taken out. That is right only because every parser in coursekit attaches the same
/// extensions (`CmarkDocument`); the arrays then never change after the first finish, and
/// finishes may run on every core at once.
///
/// Whether the library's calls came here: false until a document finished with this in place.
/// If a build of the library binds its calls internally (`-Bsymbolic`), it stays false and
/// the caller must keep finishing one document at a time.
bool coursekit_markdown_inline_characters_kept(void);

#endif
