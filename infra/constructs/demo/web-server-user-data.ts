/** Where the demo's maintenance scripts live on each web instance. */
const SCRIPT_DIR = '/opt/shop/bin';

/** The script lines a system entry names for the demo web system. */
export const DEMO_SCRIPTS = {
  stop: `${SCRIPT_DIR}/stop.sh`,
  start: `${SCRIPT_DIR}/start.sh`,
  check: `${SCRIPT_DIR}/check.sh`,
} as const;

/** The demo system's name in the configuration. */
export const DEMO_SYSTEM_NAME = 'shop';

/** The instance tags the demo system's configuration selects by. */
export const DEMO_TAGS = { System: 'shop', Role: 'web' } as const;

const CHECK_SCRIPT = [
  '#!/bin/bash',
  '# The jobnet reads the exit code: 0 Apache running, 3 stopped, anything else an error.',
  'state=$(systemctl is-active httpd || true)',
  'echo "httpd is ${state}"',
  'case "$state" in',
  '  active) exit 0 ;;',
  '  inactive) exit 3 ;;',
  '  *) exit 1 ;;',
  'esac',
];

/**
 * User data for a demo web instance: Apache with a page naming the instance, and the stop,
 * start and check scripts. Apache is started once at first boot but not enabled, so after a
 * stop jobnet it stays down until the start jobnet starts it, as in the systems it imitates.
 */
export function webServerUserData(): string[] {
  const script = (name: string, lines: readonly string[]) => [
    `cat > ${SCRIPT_DIR}/${name} <<'SCRIPT'`,
    ...lines,
    'SCRIPT',
    `chmod 755 ${SCRIPT_DIR}/${name}`,
  ];
  return [
    'set -euo pipefail',
    'dnf install -y httpd',
    'TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60")',
    'ID=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id)',
    'echo "<!doctype html><title>shop</title><h1>shop</h1><p>Served by ${ID}</p>" > /var/www/html/index.html',
    `install -d -m 755 ${SCRIPT_DIR}`,
    ...script('stop.sh', ['#!/bin/bash', 'set -e', 'systemctl stop httpd', 'echo "httpd stopped"']),
    ...script('start.sh', [
      '#!/bin/bash',
      'set -e',
      'systemctl start httpd',
      'echo "httpd started"',
    ]),
    ...script('check.sh', CHECK_SCRIPT),
    'systemctl start httpd',
  ];
}
