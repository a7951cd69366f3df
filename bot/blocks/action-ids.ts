/** The buttons' action ids: the listeners match on them, the builders put them in messages. */
export const ACTION_IDS = {
  approve: 'approval_approve',
  reject: 'approval_reject',
  /** An unless-held schedule's plan: hold it (a rejection) before its window ends. */
  hold: 'approval_hold',
  retry: 'run_retry',
  /** The live checklist's Cancel: ends a run before it changes anything, or asks to confirm. */
  cancel: 'run_cancel',
  /** The private answer to a cancel once the run changes things: stop it, or leave it. */
  cancelConfirm: 'run_cancel_confirm',
  cancelKeep: 'run_cancel_keep',
  /** `/webapp schedules`: skip a schedule's next occurrence nobody skipped yet. */
  scheduleSkipNext: 'schedules_skip_next',
  /** `/webapp schedules`: hold every scheduled run of a system, or lift the hold. */
  scheduleHold: 'schedules_hold',
  scheduleResume: 'schedules_resume',
  /** `/webapp schedules`: cancel a one-off run that has not run yet. */
  scheduleCancelOneOff: 'schedules_cancel_one_off',
  /** A one-off run's own message: approve it in advance, reject it, or cancel it. */
  oneOffApprove: 'one_off_approve',
  oneOffReject: 'one_off_reject',
  oneOffCancel: 'one_off_cancel',
  /** The Aurora watch's warning: stop the DB cluster again after AWS restarts it (approvers). */
  auroraRestop: 'aurora_restop_after_restart',
  /** The Aurora watch's warning: ask for a start of the whole system now (requesters). */
  auroraStartSystem: 'aurora_start_system',
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
  /** The root message's Cancel, there while the run has not ended. */
  runActions: 'run_actions',
  checklist: 'run_checklist',
  /** A one-off run's message: its buttons, and the line saying what became of it. */
  oneOffActions: 'one_off_actions',
  oneOffDecision: 'one_off_decision',
  /** The Aurora watch's warning: its buttons, and the line saying who asked for a re-stop. */
  auroraWarningActions: 'aurora_warning_actions',
  auroraWarningIntent: 'aurora_warning_intent',
} as const;
