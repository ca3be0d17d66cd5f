/**
 * The body the Proxmox GUI create wizard POSTs for a typical Linux VM, with the wizard's defaults:
 * x86-64-v2-AES, virtio-scsi-single with iothread, 2 GiB, a 32 GiB disk, a virtio NIC with firewall.
 */
export const linuxWizardVm = {
  vmid: 200,
  name: 'lab-ubuntu',
  ide2: 'local:iso/ubuntu-22.04-live-server-amd64.iso,media=cdrom',
  ostype: 'l26',
  scsihw: 'virtio-scsi-single',
  scsi0: 'local-lvm:32,iothread=on',
  sockets: 1,
  cores: 2,
  numa: 0,
  cpu: 'x86-64-v2-AES',
  memory: 2048,
  net0: 'virtio,bridge=vmbr0,firewall=1',
};
