// Side-effect imports: each module registers its named formats with the registry.
import './generic.js';
import './access.js';
import './volume.js';
import './qemu-drives.js';
import './qemu-net.js';
import './qemu-boot.js';
import './qemu-cpu.js';
import './qemu-misc.js';

export { getFormat, registerFormat, registeredFormatNames } from './registry.js';
