import type { JobnetName } from '../../contract/jobnets';

/** The figures docs/reference-design.md records for one run of the design this project replaces. */
export interface ReferenceFigures {
  readonly transitions: number;
  readonly invocations: number;
  /** Each of its functions made one call to an operated service: one per invocation. */
  readonly apiCalls: number;
  readonly durationS: number;
  readonly delayS: number;
  /** Its functions' billed time, where the document gives it ("about"). */
  readonly billedS?: number;
}

/** docs/reference-design.md: the fixed-interval polling design, at Map concurrency 2. */
const REFERENCE: Readonly<Record<string, ReferenceFigures>> = {
  'stop 2': {
    transitions: 73,
    invocations: 30,
    apiCalls: 30,
    durationS: 417,
    delayS: 62,
    billedS: 2,
  },
  'start 2': { transitions: 114, invocations: 42, apiCalls: 42, durationS: 646, delayS: 32 },
  'stop 50': { transitions: 889, invocations: 414, apiCalls: 414, durationS: 2355, delayS: 1434 },
  'start 50': {
    transitions: 1302,
    invocations: 518,
    apiCalls: 518,
    durationS: 4721,
    delayS: 623,
    billedS: 95,
  },
};

/** The reference's figures for the same jobnet and number of instances, if it was measured. */
export function referenceFor(jobnet: JobnetName, instances: number): ReferenceFigures | undefined {
  return REFERENCE[`${jobnet} ${instances}`];
}
