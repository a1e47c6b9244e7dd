#ifndef CFILESWAP_H
#define CFILESWAP_H

/// Atomically exchanges two paths on the same filesystem (Linux renameat2 with
/// RENAME_EXCHANGE). Returns 0 on success, or -1 with errno set (for example
/// EINVAL on a filesystem that cannot exchange, so the caller can fall back).
int coursekit_exchange_paths(const char *first, const char *second);

/// Writes everything cached for the filesystem holding `path` (a folder) to disk (Linux
/// syncfs): one flush for a whole new output instead of one per file. 0, or -1 with errno.
int coursekit_sync_filesystem(const char *path);

#endif
