/** Writes a synthetic, valid weft project of `resourceCount` resources into `dir`. */
export declare function generateProject(
  dir: string,
  resourceCount: number,
): Promise<{ files: number; bytes: number; connectors: number; instances: number; flows: number }>;
