// The hardware config being built: shared by the experiment builder and the layer table of Models & data (which
// toggles layers between analog and digital through its digitalLayers).

export const draft = $state({
  /** What the user set; every other field takes its schema default. */
  config: {} as Record<string, unknown>,
});
