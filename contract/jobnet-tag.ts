/**
 * The tag that admits an instance to a system selected by instance ids: its value is the
 * system's name. IAM lets the jobnets stop, start and run commands on such instances only when
 * they carry it (one condition per system name, however many instances), and Prepare refuses a
 * run of an id-selected system whose instances lack it, naming them, before anything changes.
 * Systems selected by tags are admitted by their own selector instead.
 */
export const JOBNET_TAG_KEY = 'webapp-chatops:system';
