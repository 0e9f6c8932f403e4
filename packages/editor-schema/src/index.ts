export * from "./extensions";
export * from "./template";
export * from "./canvas";
