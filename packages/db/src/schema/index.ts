export * from "./organizations";
export * from "./users";
export * from "./sessions";
export * from "./projects";
export * from "./documents";
export * from "./audit";
export * from "./assets";
