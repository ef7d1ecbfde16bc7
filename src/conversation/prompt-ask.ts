// What kind of answer each step waits for. Channels put it on the activity (channelData) so a client,
// a test or a benchmark persona knows what was asked without reading the words.
export type Ask =
  | 'chooser'
  | 'for-whom'
  | 'for-whom-script'
  | 'consent'
  | 'what-matters'
  | 'quick-pass'
  | 'rating'
  | 'say-more'
  | 'what-would-help'
  | 'priorities'
  | 'summary'
  | 'change'
  | 'which-area'
  | 'sharing'
  | 'contact'
  | 'contact-details'
  | 'safety'
  | 'stop-choice'
  /** A review: has this happened the way you hoped? (Yes / Some of it / No) */
  | 'met'
  | 'done'
  | 'ended';
