import type { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { AppConfig } from '../../config/schema';
import { ssmDocumentArn } from '../iam/arns';
import type { Permissions } from '../iam/permissions';

/** A Change Calendar the app deploys: its document name and its iCalendar text. */
export interface CalendarDocument {
  readonly name: string;
  readonly content: string;
}

export interface ChangeCalendarsProps {
  readonly calendars: readonly CalendarDocument[];
}

/**
 * The configuration's holiday calendars as AWS Systems Manager Change Calendar documents
 * (type ChangeCalendar, format TEXT: the iCalendar file as it is), named as configured so a
 * schedule names them the same on AWS and locally.
 */
export class ChangeCalendars extends Construct {
  readonly documents: ssm.CfnDocument[];

  constructor(scope: Construct, id: string, props: ChangeCalendarsProps) {
    super(scope, id);
    this.documents = props.calendars.map((calendar) => {
      const document = new ssm.CfnDocument(this, calendar.name, {
        name: calendar.name,
        documentType: 'ChangeCalendar',
        documentFormat: 'TEXT',
        // Set below: CfnDocument accepts only an object here (aws/aws-cdk#35583), while a TEXT
        // document's Content is the text itself.
        content: {},
        // The name is fixed, so CloudFormation cannot replace the document (create the new one
        // before deleting the old): an edited calendar becomes its new default version instead.
        updateMethod: 'NewVersion',
      });
      document.addPropertyOverride('Content', calendar.content);
      return document;
    });
  }
}

/**
 * Every Change Calendar a system or one of its schedules names, deployed by the app or not
 * (an external calendar): the ones the scheduled-run starter asks for the state of.
 */
export function namedCalendars(config: Pick<AppConfig, 'systems'>): string[] {
  const names = config.systems.flatMap((system) => [
    system.calendar,
    ...system.schedules.map((schedule) => schedule.calendar),
  ]);
  return [...new Set(names.filter((name): name is string => Boolean(name)))].sort();
}

/** Asking the state of exactly the named calendars (and reading them, for the event's name). */
export function calendarReadPermissions(stack: Stack, names: readonly string[]): Permissions {
  if (names.length === 0) return { statements: [] };
  return {
    statements: [
      new iam.PolicyStatement({
        actions: ['ssm:GetCalendarState', 'ssm:GetDocument'],
        resources: names.map((name) => ssmDocumentArn(stack, name)),
      }),
    ],
  };
}
