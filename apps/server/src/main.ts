import { loadConfig } from "./config";
import { startTaller } from "./server";

/**
 * `pnpm start`: configuration from the environment, then the server. SIGTERM and SIGINT stop
 * accepting, finish what is in flight and close the database.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const taller = await startTaller(config);
  console.log(`Taller escuchando en ${taller.url} (base de datos: ${taller.database.kind})`);
  if (taller.admin) {
    console.log(`Primer administrador: ${taller.admin.email}`);
    if (taller.admin.generatedPassword) {
      console.log(`Contraseña generada (se muestra una sola vez): ${taller.admin.generatedPassword}`);
    }
  }

  const stop = (signal: string) => {
    console.log(`${signal}: deteniendo Taller…`);
    taller
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error("[shutdown] failed:", error);
        process.exit(1);
      });
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
