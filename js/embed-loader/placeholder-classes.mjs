// Build-time only (not shipped). Every class the loader's own markup (the placeholder: button, status, consent block, and the
// mount point) carries. The build (js/build-embed.mjs, js/critical-css.mjs) keeps the rules that
// can match these for the first stylesheet, parsed when the button is drawn; the rest waits for
// the wasm. A class the placeholder gains must be added here (js/embed-loader/test/
// placeholder-classes.test.mjs finds the class names in the loader's sources), else its rules
// would arrive only with the wasm.
export const PLACEHOLDER_CLASSES = [
  'lkw-embed',
  'lkw-mount',
  'lkw',
  'lkw-placeholder',
  'lkw-status',
  'lkw-controls',
  'lkw-call',
  'lkw-consent',
  'lkw-consent-row',
  'lkw-consent-text',
  'lkw-consent-privacy',
  'lkw-consent-remember',
  'lkw-consent-check',
  'lkw-consent-remember-check',
];
