export const PVE_SIM = 'pve-sim';
