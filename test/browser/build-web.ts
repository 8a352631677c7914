import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

const WEB = path.resolve(import.meta.dirname, '../../web');

function newestSourceTime(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestSourceTime(path.join(entry, name))));
}

/** Builds web/dist with Vite when it is missing or older than any file in web/src, web/index.html or the Vite config. */
export default async function buildWebIfStale() {
  const bundle = path.join(WEB, 'dist/index.html');
  const sources = ['src', 'index.html', 'vite.config.ts'].map((name) => newestSourceTime(path.join(WEB, name)));
  if (fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs >= Math.max(...sources)) return;
  process.stdout.write('Baue die Weboberfläche (web/dist) …\n');
  await build({ root: WEB, configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn' });
}
