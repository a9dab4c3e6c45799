/**
 * The preload bridge. It exposes nothing yet: the typed contract and its purpose-named functions
 * arrive with the app shell, and until then the renderer gets no access to the main process at all.
 */
export {};
