// Diffs between two versions of a document (or a version and the live document), as plain data
// the server sends and the web renders. Pure: no I/O, no Yjs; exported as "@taller/editor-schema/diff".
export * from "./text";
export * from "./canvas";
