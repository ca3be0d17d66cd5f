export const PVE_CLIENT = 'pve-client';
