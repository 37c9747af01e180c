// What the local engine answers about itself, beyond AWS's APIs: the one contract between the
// engine and the CLI that is not an AWS fact (those are in src/aws). Pure, like src/aws.

/**
 * Where the engine says who it is, on a path no AWS API uses. The CLI asks it before trusting
 * engine.json: a pid alone may have been reused by another process.
 */
export const ENGINE_INFO_PATH = '/_taskctl/engine';

export interface EngineInfo {
  /** Random per engine start, recorded in engine.json. */
  id: string;
  dataDir: string;
  pid: number;
  version: string;
}
