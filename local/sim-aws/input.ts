import { invalidParameter, missingParameter } from './errors';
import type { SimService } from './types';

/**
 * Typed readers for request members. `call()` takes untyped input (it is also what the SDK
 * middleware hands over), so every handler reads its members through these and a wrong
 * type fails the way the service would, not with a TypeError deep inside the simulation.
 */
export class InputReader {
  constructor(
    private readonly service: SimService,
    private readonly input: Record<string, unknown>,
  ) {}

  /** A string member, or undefined when absent. */
  optString(name: string): string | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw invalidParameter(this.service, `${name} must be a string`);
    return value;
  }

  /** A non-empty string member that must be present. */
  string(name: string): string {
    const value = this.optString(name);
    if (value === undefined || value === '') throw missingParameter(this.service, name);
    return value;
  }

  /** A number member, or undefined when absent. */
  optNumber(name: string): number | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw invalidParameter(this.service, `${name} must be a number`);
    }
    return value;
  }

  /** A boolean member, or undefined when absent. */
  optBoolean(name: string): boolean | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean')
      throw invalidParameter(this.service, `${name} must be a boolean`);
    return value;
  }

  /** A timestamp member (the SDK sends a Date), or undefined when absent. */
  optDate(name: string): Date | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    // Not instanceof: structuredClone makes its Dates in its own realm (a test's differs).
    const time =
      Object.prototype.toString.call(value) === '[object Date]' ? (value as Date).getTime() : NaN;
    if (Number.isNaN(time)) throw invalidParameter(this.service, `${name} must be a timestamp`);
    return new Date(time);
  }

  /** A list of strings, or undefined when absent. */
  optStrings(name: string): string[] | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw invalidParameter(this.service, `${name} must be a list of strings`);
    }
    return value as string[];
  }

  /** A list of objects (structures), or undefined when absent. */
  optList(name: string): Record<string, unknown>[] | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => !isRecord(v))) {
      throw invalidParameter(this.service, `${name} must be a list of structures`);
    }
    return value as Record<string, unknown>[];
  }

  /** A structure member, or undefined when absent. */
  optRecord(name: string): Record<string, unknown> | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) throw invalidParameter(this.service, `${name} must be a structure`);
    return value;
  }
}

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
