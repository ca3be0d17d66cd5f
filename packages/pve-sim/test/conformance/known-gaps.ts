/**
 * Corpus cases where the simulator (SIM-CORE's part) still differs from PVE. Their HTTP check runs
 * but only warns on failure (and warns when it passes, so the entry can be removed).
 */
export const KNOWN_SIMULATOR_GAPS: Record<string, string> = {
  'task index':
    'PVE (pve-manager Tasks.pm upid_index) answers GET /nodes/{node}/tasks/{upid} with [{name:log},{name:status}] without looking the task up; the simulator answers 400',
  'create: cdrom with format':
    "Drive.pm parse_drive refuses media=cdrom with format= (400 {ide2: 'unable to parse drive options'}); the simulator parses drives without parse_drive's extra rules (src/schema parseDrive has them)",
  'create: virtio cdrom':
    'Drive.pm parse_drive refuses media=cdrom on virtio drives (400 unable to parse drive options)',
  'create: iops with iops_rd':
    'Drive.pm parse_drive refuses iops together with iops_rd (400 unable to parse drive options)',
  'task log unknown task':
    "PVE's read_task_log only parses the UPID; for a missing log file dump_logfile answers 200 [{n:1,t:'unable to open file - No such file or directory'}] with total 1; the simulator answers 400",
};
