export * from "./extensions";
export * from "./template";
export * from "./canvas";
export * from "./version-control";
