import { TaskctlCommand } from '../base-command.js';

export interface VersionResult {
  version: string;
  /** What --version prints: `taskctl/0.1.0 linux-x64 node-v20.19.0`. */
  userAgent: string;
}

export default class Version extends TaskctlCommand<VersionResult> {
  static override summary = 'print the version of taskctl (as --version and -v do)';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
  ];

  async run(): Promise<VersionResult> {
    await this.parse(Version);
    this.printer.text(this.config.userAgent);
    return { version: this.config.version, userAgent: this.config.userAgent };
  }
}
