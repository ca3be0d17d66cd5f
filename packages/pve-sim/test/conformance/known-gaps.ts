/**
 * Corpus cases where the simulator still differs from PVE, by case name, with the reason. Their
 * HTTP check runs but only warns on failure (and warns when it passes, so the entry can be
 * removed). Every entry must also be listed in DEVIATIONS.md. Empty: none known today.
 */
export const KNOWN_SIMULATOR_GAPS: Record<string, string> = {};
