/**
 * Writes a synthetic, valid weft project of `resourceCount` resources (documents: about 5%
 * connectors, 35% instances, 60% flows) into `dir`. About a quarter of the resources share a
 * file with others, so `files` is smaller than `resourceCount` plus one (weft.yaml).
 */
export declare function generateProject(
  dir: string,
  resourceCount: number,
): Promise<{ files: number; bytes: number; connectors: number; instances: number; flows: number }>;
