#ifndef CONFAB_CSYSTEM_H
#define CONFAB_CSYSTEM_H

/// Swaps two paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE, macOS
/// renamex_np with RENAME_SWAP), so no moment exists where neither is in place.
/// Returns 0, or -1 with errno set (ENOSYS, EINVAL where the file system cannot).
int confab_exchange_paths(const char *first, const char *second);

#endif
