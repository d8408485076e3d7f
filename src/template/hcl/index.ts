// HCL2's loader, preparation and variable files behind one dynamic import: the three load together (one
// chunk for node to read and link rather than three), and JSON and YAML templates load none of them.
export { loadHcl } from './load.js';
export { prepareHcl } from './prepare.js';
export { readVarFileHcl } from './varfile.js';
