/** The buttons' action ids: the listeners match on them, the builders put them in messages. */
export const ACTION_IDS = {
  approve: 'approval_approve',
  reject: 'approval_reject',
  /** An unless-held schedule's plan: hold it (a rejection) before its window ends. */
  hold: 'approval_hold',
  retry: 'run_retry',
} as const;

/**
 * Block ids of the parts a later step finds or replaces: the approval buttons (gone once
 * decided), the retry button, the run's checklist and the decision line.
 */
export const BLOCK_IDS = {
  approvalActions: 'approval_actions',
  approvalDecision: 'approval_decision',
  approvalExpiry: 'approval_expiry',
  retryActions: 'run_retry_actions',
  checklist: 'run_checklist',
} as const;
