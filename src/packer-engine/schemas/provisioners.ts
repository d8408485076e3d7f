// Declarations (Packer runs them) of the Windows provisioners templates use most, and the WinRM
// communicator they need, with the fields Packer's documentation gives them.
import type { ComponentSchema } from '../../schema/types.js';
import { RUNS_THROUGH_PACKER, oneOf } from './shared.js';

export const provisioners: ComponentSchema[] = [
  {
    kind: 'provisioner',
    type: 'powershell',
    description: `Runs PowerShell on a Windows machine ${RUNS_THROUGH_PACKER}`,
    fields: {
      inline: { type: 'string[]', description: 'PowerShell commands, one a line', suggest: ['Write-Host "hello from pack"'] },
      script: { type: 'string', path: 'file', description: 'A local .ps1 script to upload and run' },
      scripts: { type: 'string[]', description: 'Several local scripts, run in order' },
      environment_vars: { type: 'string[]', description: 'KEY=value pairs set for the scripts' },
      elevated_user: { type: 'string', description: 'Run as this user with elevated rights', advanced: true },
      elevated_password: { type: 'string', sensitive: true, description: 'Password of the elevated user', advanced: true },
      execution_policy: {
        type: 'string',
        enum: ['bypass', 'allsigned', 'default', 'remotesigned', 'restricted', 'undefined', 'unrestricted', 'none'],
        default: 'bypass',
        description: 'PowerShell execution policy',
        advanced: true,
      },
      execute_command: { type: 'string', description: 'How a script is run ({{.Path}}, {{.Vars}})', advanced: true },
      valid_exit_codes: { type: 'number[]', description: 'Exit codes that count as success (default: 0)', advanced: true },
      remote_path: { type: 'string', description: 'Where the script is uploaded on the machine', advanced: true },
      skip_clean: { type: 'boolean', default: false, description: 'Leave the uploaded script on the machine', advanced: true },
    },
    check: oneOf(['inline', 'script', 'scripts']),
  },
  {
    kind: 'provisioner',
    type: 'windows-restart',
    description: `Restarts a Windows machine and waits for it to come back ${RUNS_THROUGH_PACKER}`,
    fields: {
      restart_command: { type: 'string', default: 'shutdown /r /f /t 0 /c "packer restart"', description: 'Command that restarts the machine' },
      restart_check_command: { type: 'string', description: 'Command that succeeds once the machine is back', advanced: true },
      restart_timeout: { type: 'duration', default: '5m', description: 'How long to wait for the machine to come back' },
      check_registry: { type: 'boolean', default: false, description: 'Also wait for pending-restart registry keys to clear', advanced: true },
      registry_keys: { type: 'string[]', description: 'Registry keys to wait for', advanced: true },
    },
  },
];

export const communicators: ComponentSchema[] = [
  {
    kind: 'communicator',
    type: 'winrm',
    description: `Connects to Windows machines over WinRM ${RUNS_THROUGH_PACKER}`,
    fields: {
      winrm_username: { type: 'string', required: true, description: 'User to connect as', example: 'Administrator' },
      winrm_password: { type: 'string', sensitive: true, description: 'Password of the user' },
      winrm_host: { type: 'string', description: 'Host to connect to (default: the machine\'s address)', advanced: true },
      winrm_port: { type: 'integer', default: 5985, description: 'WinRM port (5986 with TLS)' },
      winrm_timeout: { type: 'duration', default: '30m', description: 'How long to wait for WinRM' },
      winrm_use_ssl: { type: 'boolean', default: false, description: 'Connect over HTTPS' },
      winrm_insecure: { type: 'boolean', default: false, description: 'Accept any certificate over HTTPS', advanced: true },
      winrm_use_ntlm: { type: 'boolean', default: false, description: 'Authenticate with NTLM', advanced: true },
    },
  },
];
