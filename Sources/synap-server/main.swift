// Placeholder so the package builds; the server's real entry point replaces this file.
