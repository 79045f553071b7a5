/** The language server as a program of its own: the entry the VS Code extension bundles (dist/server.mjs). */
import { startServer } from './server.ts';

startServer();
