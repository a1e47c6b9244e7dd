// Debian installs the public headers flat in /usr/include.
// /usr/include/cmark-gfm/*.h are the library's internal headers: not included on purpose.
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>
