import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { App } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { build } from 'esbuild';
import { loadConfigFile } from '../../config/load';
import { buildStacks } from '../../infra/build-app';
import {
  BUNDLE_OPTIONS,
  esbuildOptions,
  type FunctionBundle,
} from '../../infra/constructs/bundle-options';
import { JobnetFunction, REPO_ROOT } from '../../infra/constructs/jobnet-function';

/** The configuration the benchmarks deploy in their heads: the example the app ships with. */
export const BENCH_CONFIG_FILE = join(REPO_ROOT, 'config', 'example.config.json');

/** A function as the app deploys it: its bundle, and where Lambda runs it. */
export interface DeployedFunction {
  readonly bundle: FunctionBundle;
  /** E.g. `nodejs24.x on arm64, 1024 MB`. */
  readonly runsOn: string;
}

/**
 * Every function the app deploys, read off the CDK app itself, built as `cdk synth` builds it
 * (the context of cdk.json) but with bundling skipped: the list of entries and each one's
 * define and aliases cannot drift from the constructs.
 */
export function deployedFunctions(
  outdir: string,
  configFile = BENCH_CONFIG_FILE,
): DeployedFunction[] {
  const { context } = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const app = new App({ outdir, context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  buildStacks(app, loadConfigFile(configFile));
  return app.node.findAll().flatMap((construct) => {
    if (!(construct instanceof JobnetFunction) || !construct.bundle) return [];
    const fn = construct.function;
    const memory = (fn.node.defaultChild as CfnFunction).memorySize;
    return [
      {
        bundle: construct.bundle,
        runsOn: `${fn.runtime.name} on ${fn.architecture.name}, ${memory} MB`,
      },
    ];
  });
}

/** The common bundling options, as the esbuild command line NodejsFunction runs spells them. */
export function describeBundleOptions(): string {
  const o = BUNDLE_OPTIONS;
  return [
    `--target=${o.target}`,
    `--format=${o.format}`,
    ...(o.minify ? ['--minify'] : []),
    ...(o.sourceMap ? ['--sourcemap'] : []),
    ...(o.sourcesContent ? [] : ['--sources-content=false']),
  ].join(' ');
}

/** A bundle's files and sizes: what Lambda loads, and the source map beside it. */
export interface BuiltBundle {
  readonly entry: string;
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly mapBytes: number;
}

/** Bundles one function with the options NodejsFunction uses, into `<outdir>/index.js`. */
export async function buildDeployedBundle(
  bundle: FunctionBundle,
  outdir: string,
): Promise<BuiltBundle> {
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, 'index.js');
  await build(esbuildOptions(REPO_ROOT, bundle, file));
  return {
    entry: bundle.entry,
    file,
    bytes: statSync(file).size,
    gzipBytes: gzipSync(readFileSync(file)).length,
    mapBytes: statSync(`${file}.map`).size,
  };
}
