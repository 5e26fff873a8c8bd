// The child process a throwaway Verdaccio runs in: started by verdaccio.ts, stopped by its pid.
// It listens on a port the kernel picks (port 0), so two runs never race for one, and prints
// `LISTENING <port>` once it accepts connections.
import { runServer } from "verdaccio";

const [configPath] = process.argv.slice(2);
if (!configPath) {
  console.error("usage: node verdaccio-server.mjs <config.yaml>");
  process.exit(2);
}
const app = await runServer(configPath);
const server = app.listen(0, "127.0.0.1", () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  });
}
