import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JOBNETS, type JobnetName } from '../contract/jobnets';

/** Each Lambda function a definition invokes, by its placeholder. Infra and the local runner share it. */
export const FUNCTION_PLACEHOLDERS = {
  PrepareRunFunctionArn: 'prepare-run',
  RequestApprovalFunctionArn: 'request-approval',
  MaintenancePageFunctionArn: 'maintenance-page',
  RunScriptFunctionArn: 'run-script',
  InstancePowerFunctionArn: 'instance-power',
  DbClusterFunctionArn: 'db-cluster',
  TargetHealthFunctionArn: 'target-health',
} as const;

export type FunctionName = (typeof FUNCTION_PLACEHOLDERS)[keyof typeof FUNCTION_PLACEHOLDERS];

/** Placeholders that stand for whole JSON numbers, written as "${Name}" so the file stays JSON. */
export const NUMERIC_PLACEHOLDERS = ['ApprovalTimeoutSeconds'] as const;

export type Substitutions = Record<string, string | number>;

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The raw text of a definition file, as a person opens it in Workflow Studio. */
export function readDefinitionText(name: JobnetName): string {
  return readFileSync(join(__dirname, `${JOBNETS[name]}.asl.json`), 'utf8');
}

/** Every placeholder name a definition text uses, sorted. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort();
}

/**
 * Substitutes every `${Name}`: numeric ones replace the whole quoted string with a number, the
 * rest are spliced into their string. Fails on a placeholder left without a value, so no
 * deployed or local definition can carry a literal `${...}`.
 */
export function renderDefinition(text: string, substitutions: Substitutions): string {
  const missing = placeholdersOf(text).filter((name) => !(name in substitutions));
  if (missing.length > 0) {
    throw new Error(`No value for placeholder(s): ${missing.join(', ')}`);
  }
  const numeric = new Set<string>(NUMERIC_PLACEHOLDERS);
  const withNumbers = text.replace(/"\$\{([A-Za-z][A-Za-z0-9]*)\}"/g, (whole, name: string) => {
    if (!numeric.has(name)) return whole;
    const value = Number(substitutions[name]);
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(
        `Placeholder ${name} needs a positive whole number, got ${substitutions[name]}`,
      );
    }
    return String(value);
  });
  return withNumbers.replace(PLACEHOLDER, (_whole, name: string) => {
    if (numeric.has(name)) throw new Error(`Placeholder ${name} must be a whole JSON value`);
    return String(substitutions[name]);
  });
}

/** Reads and renders one jobnet's definition. */
export function loadDefinition(name: JobnetName, substitutions: Substitutions): string {
  return renderDefinition(readDefinitionText(name), substitutions);
}
