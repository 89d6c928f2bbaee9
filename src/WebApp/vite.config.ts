import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// `npm run dev` serves the app on :5173 and forwards the API to the server (`dotnet run --project src/WebApi`).
// The server's cross-site guard compares a cookie request's Origin with its own origin, so the proxy presents
// the server's origin: the browser still talks to one origin, as in production.
const apiTarget = process.env.PLANCK_API ?? "http://localhost:5000";
const proxied = { target: apiTarget, changeOrigin: true, headers: { origin: apiTarget } };

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "../WebApi/wwwroot",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { "/api": proxied, "/health": proxied },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
