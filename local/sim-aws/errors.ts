import type { SimService } from './types';

/** An error as the AWS service would return it: `name` and `code` are the AWS error code. */
export class SimApiError extends Error {
  constructor(
    readonly service: SimService,
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * The code each service uses when a request fails its input validation. They differ per
 * protocol (EC2/RDS query, SSM JSON, ELBv2 query with its own code, Backup and Scheduler REST, CloudWatch Logs JSON), and a
 * caller that branches on the code should see the real one.
 */
const VALIDATION_CODE: Record<SimService, string> = {
  ec2: 'InvalidParameterValue',
  ssm: 'ValidationException',
  rds: 'InvalidParameterValue',
  elbv2: 'ValidationError',
  backup: 'InvalidParameterValueException',
  scheduler: 'ValidationException',
  logs: 'InvalidParameterException',
};

const MISSING_CODE: Record<SimService, string> = {
  ec2: 'MissingParameter',
  ssm: 'ValidationException',
  rds: 'MissingParameter',
  elbv2: 'ValidationError',
  backup: 'MissingParameterValueException',
  scheduler: 'ValidationException',
  logs: 'InvalidParameterException',
};

/** The service's own "bad parameter value" error. */
export function invalidParameter(service: SimService, message: string): SimApiError {
  return new SimApiError(service, VALIDATION_CODE[service], message);
}

/** The service's own "required parameter missing" error. */
export function missingParameter(service: SimService, name: string): SimApiError {
  return new SimApiError(
    service,
    MISSING_CODE[service],
    `The request must contain the parameter ${name}`,
  );
}
