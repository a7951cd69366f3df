/** The two jobnets, by the file name of their definition. */
export const JOBNETS = { stop: 'stop-webapp', start: 'start-webapp' } as const;
export type JobnetName = keyof typeof JOBNETS;
