/**
 * The example events the AWS documentation gives for the four kinds of event that complete the
 * jobnets' waits, copied as published, and a comparison of an event's shape with one of them.
 */

/**
 * Amazon EC2 User Guide, "Amazon EC2 instance state change events" (monitoring-instance-state-
 * changes). The guide's example has no `version`; EventBridge sets "0" on every event.
 */
export const EC2_INSTANCE_STATE_CHANGE = {
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2021-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'pending' },
};

/**
 * AWS Systems Manager User Guide, "Amazon EventBridge event examples for Systems Manager",
 * Run Command events: "EC2 Command Invocation Status-change Notification".
 */
export const SSM_COMMAND_INVOCATION_STATUS_CHANGE = {
  version: '0',
  id: '4780e1b8-f56b-4de5-95f2-95db273d1602',
  'detail-type': 'EC2 Command Invocation Status-change Notification',
  source: 'aws.ssm',
  account: '123456789012',
  time: '2016-07-10T21:51:32Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: {
    'command-id': 'e8d3c0e4-71f7-4491-898f-c9b35bee5f3b',
    'document-name': 'AWS-RunPowerShellScript',
    'instance-id': 'i-9bb89e2b',
    'requested-date-time': '2016-07-10T21:51:30.049Z',
    status: 'Success',
  },
};

/**
 * Amazon Aurora User Guide, "Aurora events in EventBridge" / "Examples of Aurora events":
 * a DB cluster event (the guide's example is RDS-EVENT-0173, the cluster patched).
 */
export const RDS_DB_CLUSTER_EVENT = {
  version: '0',
  id: '844e2571-85d4-695f-b930-0153b71dcb42',
  'detail-type': 'RDS DB Cluster Event',
  source: 'aws.rds',
  account: '123456789012',
  time: '2018-10-06T12:26:13Z',
  region: 'us-east-1',
  resources: ['arn:aws:rds:us-east-1:123456789012:cluster:my-db-cluster'],
  detail: {
    EventCategories: ['notification'],
    SourceType: 'CLUSTER',
    SourceArn: 'arn:aws:rds:us-east-1:123456789012:cluster:my-db-cluster',
    Date: '2018-10-06T12:26:13.882Z',
    Message: 'Database cluster has been patched',
    SourceIdentifier: 'rds:my-db-cluster',
    EventID: 'RDS-EVENT-0173',
  },
};

/** AWS Backup Developer Guide, "Monitoring AWS Backup events using EventBridge", Backup Job events. */
export const BACKUP_JOB_STATE_CHANGE = {
  /** State: CREATED. */
  CREATED: {
    version: '0',
    id: '29af2bf2-eace-58ab-da3a-8c0bf738d692',
    'detail-type': 'Backup Job State Change',
    source: 'aws.backup',
    account: '1112233445566',
    time: '2020-06-22T20:32:53Z',
    region: 'us-west-2',
    resources: [],
    detail: {
      backupJobId: '7e8845b5-ca30-415f-a842-e0152bf4d0ca',
      state: 'CREATED',
      creationDate: '2020-06-22T20:32:47.466Z',
    },
  },
  /** State: RUNNING (a job a backup plan started, hence `createdBy`). */
  RUNNING: {
    version: '0',
    id: '44946c39-b519-3505-44e6-ba74afeb2e30',
    'detail-type': 'Backup Job State Change',
    source: 'aws.backup',
    account: '1112233445566',
    time: '2020-07-15T21:39:13Z',
    region: 'us-west-2',
    resources: [],
    detail: {
      backupJobId: 'B6EC38D2-CB3C-EF0A-F5A4-3CF324EF4945',
      backupSizeInBytes: '3221225472',
      backupVaultArn:
        'arn:aws:backup:us-west-2:1112233445566:backup-vault:e6625738-0655-4aa9-bd37-6ec1dd183b15',
      backupVaultName: 'e6625738-0655-4aa9-bd37-6ec1dd183b15',
      bytesTransferred: '0',
      creationDate: '2020-07-15T21:38:31.152Z',
      iamRoleArn: 'arn:aws:iam::1112233445566:role/FullBackupTestRole',
      resourceArn: 'arn:aws:ec2:us-west-2:1112233445566:volume/vol-0b5ae24f2ee72d926',
      resourceType: 'EBS',
      state: 'RUNNING',
      startBy: '2020-07-16T05:00:00Z',
      expectedCompletionDate: 'Jul 15, 2020 9:39:07 PM',
      percentDone: 99,
      createdBy: {
        backupPlanId: 'bde0f455-4e24-4668-aeaa-4932a97f5cc5',
        backupPlanArn:
          'arn:aws:backup:us-west-2:1112233445566:backup-plan:bde0f455-4e24-4668-aeaa-4932a97f5cc5',
        backupPlanVersion: 'YTkzNmM0MmUtMWRhNS00Y2RkLThmZGUtNjA5NTc4NGM1YTc5',
        backupPlanRuleId: '1f97bafa-14d6-4f39-94fd-94b51bd6d0d5',
      },
    },
  },
  /** State: COMPLETED. */
  COMPLETED: {
    version: '0',
    id: 'dafac799-9b88-0134-26b7-fef4d54a134f',
    'detail-type': 'Backup Job State Change',
    source: 'aws.backup',
    account: '1112233445566',
    time: '2020-07-15T21:41:17Z',
    region: 'us-west-2',
    resources: [
      'arn:aws:backup:us-west-2:1112233445566:recovery-point:f1d966fe-a3bd-410b-b292-99f442d13b56',
    ],
    detail: {
      backupJobId: 'a827233a-d405-4a86-a440-759fa94f34dd',
      backupSizeInBytes: '36048',
      backupVaultArn:
        'arn:aws:backup:us-west-2:1112233445566:backup-vault:9732c1b4-1091-472a-9d9f-52e0565ee39a',
      backupVaultName: '9732c1b4-1091-472a-9d9f-52e0565ee39a',
      bytesTransferred: '36048',
      creationDate: '2020-07-15T21:40:31.207Z',
      iamRoleArn: 'arn:aws:iam::1112233445566:role/MockRCBackupTestRole',
      resourceArn: 'arn:aws:service:us-west-2:1112233445566:resource-type/resource-id',
      resourceType: 'type',
      state: 'COMPLETED',
      completionDate: '2020-07-15T21:41:05.921Z',
      startBy: '2020-07-16T05:40:31.207Z',
      percentDone: 100,
      retryCount: 3,
    },
  },
};

type Shape = string | Shape[] | { [key: string]: Shape };

/**
 * What kind of value each field holds, recursively: the key sets, JSON types and formats
 * (the event id a UUID, the envelope time in whole seconds, ARNs, dates) — not the values,
 * which differ by example.
 */
export function shapeOf(value: unknown, path = ''): Shape {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0], `${path}[]`)];
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, shapeOf(v, path ? `${path}.${k}` : k)]),
    );
  }
  if (typeof value !== 'string') return typeof value;
  if (path === 'time') return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value) ? 'time' : value;
  if (path === 'id')
    return /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(value) ? 'uuid' : value;
  if (value.startsWith('arn:aws:')) return 'arn';
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) return 'date';
  return 'string';
}

/** The documented example's shape without the fields the simulation does not produce. */
export function documentedShape(
  example: object,
  notSimulated: readonly string[] = [],
): { [key: string]: Shape } {
  const shape = shapeOf(example) as { [key: string]: Shape };
  const detail = { ...(shape.detail as { [key: string]: Shape }) };
  for (const key of notSimulated) delete detail[key];
  return { ...shape, detail };
}
