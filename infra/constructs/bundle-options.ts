import { join } from 'node:path';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/**
 * How every function of the app is bundled, stated once: JobnetFunction hands these to
 * NodejsFunction, and the benchmarks hand the same to esbuild, so what they measure is what
 * deploys. The target follows the runtime (Node.js 24); the AWS SDK is bundled, not external.
 */
export const BUNDLE_OPTIONS = {
  format: OutputFormat.CJS,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
} as const;

/** Set in every function's environment: stack traces point into the TypeScript sources. */
export const SOURCE_MAP_NODE_OPTIONS = '--enable-source-maps';

/** One function's bundle: its entry and what it adds to {@link BUNDLE_OPTIONS}. */
export interface FunctionBundle {
  /** The handler file, relative to the repository root. */
  readonly entry: string;
  /** Compile-time constants, e.g. the validated configuration. */
  readonly define: Readonly<Record<string, string>>;
  /** Modules replaced, by name, with the file at an absolute path. */
  readonly alias: Readonly<Record<string, string>>;
}

/**
 * The esbuild build options that make the bundle NodejsFunction makes for `bundle`: its command
 * line (`--bundle --platform=node --target --format --minify --sourcemap --sources-content
 * --define --alias`, run from the repository root) in the form of esbuild's JavaScript API.
 */
export function esbuildOptions(
  root: string,
  bundle: FunctionBundle,
  outfile: string,
): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: [join(root, bundle.entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: BUNDLE_OPTIONS.format,
    target: BUNDLE_OPTIONS.target,
    minify: BUNDLE_OPTIONS.minify,
    sourcemap: BUNDLE_OPTIONS.sourceMap,
    sourcesContent: BUNDLE_OPTIONS.sourcesContent,
    define: { ...bundle.define },
    alias: { ...bundle.alias },
    logLevel: 'warning',
  };
}
