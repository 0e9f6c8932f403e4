export * from "./errors";
export * from "./vocabulary";
export * from "./lifecycle";
export * from "./priority";
export * from "./permissions";
export * from "./inputs";
export * from "./presence";
export * from "./comments";
