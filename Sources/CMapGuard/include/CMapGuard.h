#ifndef SYNAP_CMAPGUARD_H
#define SYNAP_CMAPGUARD_H

#include <stddef.h>

/// Protection against SIGBUS while reading a memory-mapped file that another process truncates.
///
/// A thread announces the mapped range it is about to read (`synap_map_guard_enter`). If a page of
/// that range faults with SIGBUS (the file shrank under the mapping), the handler maps a page of
/// zeros over it, records the fault, and lets the read go on; `synap_map_guard_leave` then says a
/// fault happened, and the caller reports the file as changed instead of crashing. A SIGBUS outside
/// an announced range keeps its default, fatal behaviour.

/// Installs the SIGBUS handler once per process; returns 0 on success, -1 (errno set) on failure.
int synap_map_guard_install(void);

/// Announces that this thread reads [start, start + length) of a file mapping.
void synap_map_guard_enter(const void *start, size_t length);

/// Ends the announcement; returns the number of pages that faulted since `synap_map_guard_enter`.
size_t synap_map_guard_leave(void);

#endif
