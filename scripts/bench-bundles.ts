/**
 * npm run bench:bundles — bundles every function of the app as the CDK construct bundles it
 * (the same esbuild options, entries, defines and aliases, read off the app itself) and prints
 * a Markdown table of the sizes: the code Lambda loads, gzipped, and the source map beside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildDeployedBundle,
  deployedFunctions,
  describeBundleOptions,
  type BuiltBundle,
} from './bench/deployed-bundles';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  try {
    const functions = deployedFunctions(join(dir, 'cdk.out'));
    const built: BuiltBundle[] = [];
    for (const [i, { bundle }] of functions.entries()) {
      built.push(await buildDeployedBundle(bundle, join(dir, String(i))));
    }
    console.log(
      `Function bundles as deployed: esbuild ${describeBundleOptions()}, each function's define and aliases, AWS SDK bundled\n`,
    );
    console.log(row(['function entry', 'index.js bytes', 'gzipped bytes', 'index.js.map bytes']));
    console.log(row(['---', '---:', '---:', '---:']));
    for (const b of [...built].sort((x, y) => x.entry.localeCompare(y.entry))) {
      console.log(
        row([
          b.entry,
          `${b.bytes} (${kib(b.bytes)})`,
          `${b.gzipBytes} (${kib(b.gzipBytes)})`,
          `${b.mapBytes} (${kib(b.mapBytes)})`,
        ]),
      );
    }
    const sum = (pick: (b: BuiltBundle) => number) => built.reduce((n, b) => n + pick(b), 0);
    const [bytes, gzipped, maps] = [
      sum((b) => b.bytes),
      sum((b) => b.gzipBytes),
      sum((b) => b.mapBytes),
    ];
    console.log(
      row([
        `all ${built.length}`,
        `${bytes} (${kib(bytes)})`,
        `${gzipped} (${kib(gzipped)})`,
        `${maps} (${kib(maps)})`,
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
