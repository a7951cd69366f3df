/**
 * Minimal Amazon States Language types: only the subset our state machines use and the
 * diagram generator reads. Payloads the tooling never looks inside (Parameters,
 * Arguments, ...) stay `unknown` records rather than being modelled.
 */

/** A rule that routes failed attempts back into the same state. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

/** A rule that moves a failed state on to a recovery state. */
export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
}

/** Fields every state may carry. `Next` and `End` are mutually exclusive in valid ASL. */
interface StateBase {
  readonly Comment?: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
}

/** Fields of states that can fail and therefore retry or catch. */
interface Fallible {
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
  readonly ResultPath?: string | null;
  readonly ResultSelector?: Readonly<Record<string, unknown>>;
}

/** Calls a service integration or a Lambda function. */
export interface TaskState extends StateBase, Fallible {
  readonly Type: 'Task';
  readonly Resource: string;
  readonly Parameters?: Readonly<Record<string, unknown>>;
  /** JSONata counterpart of `Parameters`. */
  readonly Arguments?: Readonly<Record<string, unknown>>;
  // Strings too: numeric placeholders are written "${Name}" so the file stays plain JSON.
  readonly TimeoutSeconds?: number | string;
  /** Where in the state input the timeout is read, instead of `TimeoutSeconds`. */
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number | string;
}

/** Operators of a JSONPath data-test expression, e.g. `StringEquals` or `IsPresent`. */
export type ComparisonOperator =
  | `${'String' | 'Numeric' | 'Boolean' | 'Timestamp'}${
      'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals'}${'' | 'Path'}`
  | 'StringMatches'
  | `Is${'Present' | 'Null' | 'String' | 'Numeric' | 'Boolean' | 'Timestamp'}`;

/** Compares the value at `Variable` using exactly one operator. */
export type DataTestExpression = { readonly Variable: string } & {
  readonly [Op in ComparisonOperator]?: string | number | boolean;
};

/** A boolean expression as found inside Choice rules, possibly nested. */
export type BooleanExpression =
  | DataTestExpression
  | { readonly And: readonly BooleanExpression[] }
  | { readonly Or: readonly BooleanExpression[] }
  | { readonly Not: BooleanExpression }
  /** JSONata query language: `{% ... %}` expression. */
  | { readonly Condition: string };

/** A top-level Choice rule: an expression plus where to go when it holds. */
export type ChoiceRule = BooleanExpression & { readonly Next: string };

/** Branches on the first rule that matches, else `Default`. */
export interface ChoiceState extends Omit<StateBase, 'Next' | 'End'> {
  readonly Type: 'Choice';
  readonly Choices: readonly ChoiceRule[];
  readonly Default?: string;
}

/** A nested state machine: Map processors and Parallel branches. */
export interface StateMachineScope {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
}

/** Runs its processor once per item. `Iterator` is the pre-2022 name of `ItemProcessor`. */
export interface MapState extends StateBase, Fallible {
  readonly Type: 'Map';
  readonly ItemProcessor?: StateMachineScope & {
    readonly ProcessorConfig?: { readonly Mode?: 'INLINE' | 'DISTRIBUTED' };
  };
  readonly Iterator?: StateMachineScope;
  readonly ItemsPath?: string;
  readonly Items?: unknown;
  readonly ItemSelector?: Readonly<Record<string, unknown>>;
  readonly MaxConcurrency?: number;
}

/** Runs all branches concurrently. */
export interface ParallelState extends StateBase, Fallible {
  readonly Type: 'Parallel';
  readonly Branches: readonly StateMachineScope[];
}

/** Passes (optionally reshaped) input through. */
export interface PassState extends StateBase {
  readonly Type: 'Pass';
  readonly Result?: unknown;
  readonly ResultPath?: string | null;
  readonly Parameters?: Readonly<Record<string, unknown>>;
}

/** Pauses for a fixed or input-driven time. */
export interface WaitState extends StateBase {
  readonly Type: 'Wait';
  readonly Seconds?: number | string;
  readonly SecondsPath?: string;
  readonly Timestamp?: string;
  readonly TimestampPath?: string;
}

/** Ends the execution (or branch) successfully. */
export interface SucceedState extends Omit<StateBase, 'Next' | 'End'> {
  readonly Type: 'Succeed';
}

/** Ends the execution (or branch) with an error. */
export interface FailState extends Omit<StateBase, 'Next' | 'End' | 'InputPath' | 'OutputPath'> {
  readonly Type: 'Fail';
  readonly Error?: string;
  readonly ErrorPath?: string;
  readonly Cause?: string;
  readonly CausePath?: string;
}

/** Any state of the supported subset, discriminated by `Type`. */
export type State =
  | TaskState
  | ChoiceState
  | MapState
  | ParallelState
  | PassState
  | WaitState
  | SucceedState
  | FailState;

/** A whole state machine definition as stored in `statemachines/*.asl.json`. */
export interface AslDefinition extends StateMachineScope {
  readonly Comment?: string;
  readonly Version?: string;
  readonly TimeoutSeconds?: number;
  readonly QueryLanguage?: 'JSONPath' | 'JSONata';
}
