// The component types Packer knows (1.6.6's built-ins plus the plugins most templates use since),
// so that -engine=auto hands a build to Packer only for a real Packer component and a typo still
// gets pack's "did you mean". The hcl work adds a fuller catalog in src/template/; this one stays
// small on purpose.
import type { ComponentKind } from '../schema/types.js';

const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

const CATALOG: Record<ComponentKind, Set<string>> = {
  builder: words(`
    alicloud-ecs amazon-chroot amazon-ebs amazon-ebssurrogate amazon-ebsvolume amazon-instance azure-arm azure-chroot
    azure-dtl cloudstack digitalocean docker file googlecompute hcloud hyperone hyperv-iso hyperv-vmcx jdcloud linode
    lxc lxd ncloud null oneandone openstack oracle-classic oracle-oci osc-bsu osc-bsusurrogate osc-bsuvolume osc-chroot
    parallels-iso parallels-pvm profitbricks proxmox proxmox-iso proxmox-clone qemu scaleway tencentcloud-cvm triton
    ucloud-uhost vagrant virtualbox-iso virtualbox-ovf virtualbox-vm vmware-iso vmware-vmx vsphere-iso vsphere-clone
    yandex`),
  communicator: words('ssh winrm none docker dockerWindowsContainer'),
  provisioner: words(`
    ansible ansible-local azure-dtlartifact breakpoint chef-client chef-solo converge file inspec powershell
    puppet-masterless puppet-server salt-masterless shell shell-local sleep windows-restart windows-shell`),
  'post-processor': words(`
    alicloud-import amazon-import artifice checksum compress digitalocean-import docker-import docker-push docker-save
    docker-tag exoscale-import googlecompute-export googlecompute-import manifest shell-local ucloud-import vagrant
    vagrant-cloud vsphere vsphere-template yandex-export yandex-import`),
};

export function isPackerComponent(kind: ComponentKind, type: string): boolean {
  return CATALOG[kind]?.has(type) ?? false;
}

/** Every type Packer knows of a kind. */
export function packerComponentTypes(kind: ComponentKind): string[] {
  return [...(CATALOG[kind] ?? [])].sort();
}
