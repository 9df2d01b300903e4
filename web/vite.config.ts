// The portals build to static files that the icopilot binary embeds (scripts/embed.mjs).
// Hashed names under assets/ are cached for ever; index.html is not cached.
import { defineConfig } from "vite";

export default defineConfig({
  // Served at the root: client routes (/projects/...) get index.html, whose asset URLs
  // must not be relative to them.
  base: "/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    // Nothing inline: the server's CSP allows scripts and styles from 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
