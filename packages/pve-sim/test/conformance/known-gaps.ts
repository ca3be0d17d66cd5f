/**
 * Corpus cases whose HTTP check is left out because the simulator (SIM-CORE's part) still differs
 * from PVE there. Each entry names the PVE behaviour; remove it once the simulator is fixed.
 */
export const KNOWN_SIMULATOR_GAPS: Record<string, string> = {
  'task index':
    'PVE (pve-manager Tasks.pm upid_index) answers GET /nodes/{node}/tasks/{upid} with [{name:log},{name:status}] without looking the task up; the simulator answers 400',
  'config vmid conflicts with path':
    "PVE::HTTPServer rest_handler answers 400 {vmid: 'duplicate parameter (already defined in URI) with conflicting values!'} when a body/query parameter repeats a URI parameter with another value; the simulator lets the path value win silently",
};
